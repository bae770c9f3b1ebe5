import { createCipheriv, randomBytes } from 'node:crypto';

/** A secret as 0.10 and older stored it: a v1 envelope bound to its table and column only. */
export function legacyEnvelope(plaintext: string, { id, key }: { id: string; key: Buffer }, location: { table: string; column: string }): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(`picsweb:${location.table}.${location.column}`, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', id, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join(':');
}
