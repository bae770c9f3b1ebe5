import { BadRequestException, PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import express, { NextFunction, Request, RequestHandler, Response } from 'express';

/** Deeper bodies are refused before parsing: validation and class-transformer recurse once per level. */
export const MAX_JSON_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPENERS = new Set([0x7b, 0x5b]); // { [
const CLOSERS = new Set([0x7d, 0x5d]); // } ]

/**
 * Whether UTF-8 JSON text nests objects and arrays deeper than `limit`, in one pass over
 * the bytes (stopping at the first level too many), without parsing it. Brackets inside
 * strings do not count; UTF-8 never puts these ASCII bytes inside a multi-byte character.
 */
export function jsonNestsDeeperThan(body: Uint8Array, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i += 1) {
    const byte = body[i];
    if (inString) {
      if (byte === BACKSLASH) i += 1;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (OPENERS.has(byte)) {
      depth += 1;
      if (depth > limit) return true;
    } else if (CLOSERS.has(byte)) {
      depth -= 1;
    }
  }
  return false;
}

class BodyRefused extends Error {
  constructor(
    readonly type: 'entity.too.deep' | 'charset.not.utf8',
    readonly status: number,
  ) {
    super(type);
  }
}

/** body-parser's `verify` hook: runs on the raw bytes, before JSON.parse. */
function refuseDeepJson(_request: Request, _response: Response, body: Buffer, encoding: string): void {
  // RFC 8259 asks for UTF-8 between systems, and the byte scan relies on it.
  if (!/^utf-?8$/i.test(encoding)) throw new BodyRefused('charset.not.utf8', 415);
  if (jsonNestsDeeperThan(body, MAX_JSON_DEPTH)) throw new BodyRefused('entity.too.deep', 400);
}

/** Body-parser failures are the client's: say what to send instead of echoing the parser. */
function explainBodyErrors(error: { type?: string } | undefined, _request: Request, _response: Response, next: NextFunction): void {
  switch (error?.type) {
    case 'entity.parse.failed':
      return next(new BadRequestException('The request body is not valid JSON. Send a JSON object with Content-Type: application/json.'));
    case 'entity.too.deep':
      return next(new BadRequestException(`The request body is nested more than ${MAX_JSON_DEPTH} levels deep. Send a flatter JSON object.`));
    case 'charset.not.utf8':
      return next(new UnsupportedMediaTypeException('Send JSON as UTF-8 (Content-Type: application/json; charset=utf-8).'));
    case 'entity.too.large':
      return next(new PayloadTooLargeException('The request body is larger than 1 MB.'));
    default:
      return next(error);
  }
}

/**
 * JSON (at most 1 MB, nested at most MAX_JSON_DEPTH deep) and forms (100 KB, read flat
 * with `extended: false`, so `a[b][c]` is one field name and never nests).
 */
export function bodyParsers(): RequestHandler[] {
  return [
    express.json({ limit: '1mb', verify: refuseDeepJson }),
    express.urlencoded({ extended: false, limit: '100kb' }),
    explainBodyErrors as unknown as RequestHandler,
  ];
}
