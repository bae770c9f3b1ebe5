import { request as httpRequest } from 'node:http';
import { BksbSandbox } from '@picsweb/bksb-sandbox';

export interface Credentials {
  accessKey: string;
  secretKey: string;
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

export function basicAuth({ accessKey, secretKey }: Credentials): string {
  return `Basic ${Buffer.from(`${accessKey}:${secretKey}`).toString('base64')}`;
}

export interface CallOptions {
  method?: string;
  /** Default: the sandbox's first key; null sends no Authorization header. */
  credentials?: Credentials | null;
  form?: Record<string, string>;
  body?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** One call to the sandbox's /api/ with Node's fetch, as a plain client would make it. */
export async function callApi(sandbox: BksbSandbox, path: string, options: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  const credentials = options.credentials === undefined ? sandbox.key : options.credentials;
  if (credentials) headers.Authorization = basicAuth(credentials);
  let body = options.body;
  if (options.form) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(options.form).toString();
  }
  const response = await fetch(`${sandbox.url}/api/${path}`, {
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
    signal: options.signal ?? AbortSignal.timeout(5000),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** One /__control/ call over HTTP: JSON in, JSON out. */
export async function callControl(
  sandbox: BksbSandbox,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${sandbox.url}/__control${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

/** A raw node:http GET, to see socket-level errors (ECONNRESET) as they are. */
export function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { headers, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end();
  });
}

export const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
