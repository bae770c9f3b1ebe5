import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface EncryptionKey {
  id: string;
  /** 32 bytes. */
  key: Buffer;
}

/**
 * Where a secret is stored; all of it is bound into the ciphertext, so a value copied
 * to another column, another organisation or another row fails to decrypt there.
 */
export interface SecretLocation {
  table: string;
  column: string;
  organisationId: string;
  /** The row's key in its table (its primary key). */
  row: string;
}

export class SecretDecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretDecryptionError';
  }
}

const VERSION = 'v2';
/** 0.10 and older: bound to table and column only. Read once, to be rewritten as v2 (SecretRotation). */
const LEGACY_VERSION = 'v1';

/**
 * Encrypts secrets at rest: AES-256-GCM, a random 12-byte IV per value, the location
 * (table, column, organisation, row) as authenticated data, and the key id in the
 * envelope `v2:<keyId>:<iv>:<tag>:<ciphertext>` (base64url parts) so keys can rotate:
 * new values use the first (active) key of the ring, older keys stay readable while in
 * the ring. There is no plain-text fallback: anything else fails loudly.
 */
export class SecretCipher {
  private readonly keys: Map<string, Buffer>;
  private readonly activeKeyId: string;

  constructor(ring: EncryptionKey[]) {
    if (ring.length === 0) throw new Error('The encryption key ring is empty: set BKSB_ENCRYPTION_KEYS.');
    for (const { id, key } of ring) {
      if (key.length !== 32) throw new Error(`Encryption key "${id}" must be 32 bytes.`);
    }
    this.keys = new Map(ring.map(({ id, key }) => [id, key]));
    this.activeKeyId = ring[0].id;
  }

  encrypt(plaintext: string, location: SecretLocation): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.activeKeyId)!, iv);
    cipher.setAAD(aadOf(VERSION, location));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, this.activeKeyId, iv, cipher.getAuthTag(), ciphertext]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join(':');
  }

  decrypt(envelope: string, location: SecretLocation): string {
    if (this.isLegacy(envelope)) {
      throw new SecretDecryptionError(
        `A secret in ${location.table}.${location.column} is in the old v1 format, not bound to its organisation. Run: npm run cli -- rotate-secrets.`,
      );
    }
    return this.open(envelope, location);
  }

  /** The value under the active key in the current format; reads v1 envelopes too (see SecretRotation). */
  reencrypt(envelope: string, location: SecretLocation): string {
    return this.encrypt(this.open(envelope, location), location);
  }

  /** True when the value is under a key other than the active one, or in the old format. */
  needsRotation(envelope: string): boolean {
    const [version, keyId] = envelope.split(':');
    return version !== VERSION || keyId !== this.activeKeyId;
  }

  isLegacy(envelope: string): boolean {
    return envelope.startsWith(`${LEGACY_VERSION}:`);
  }

  private open(envelope: string, location: SecretLocation): string {
    const where = `${location.table}.${location.column}`;
    const parts = envelope.split(':');
    const [version, keyId, iv, tag, ciphertext] = parts;
    if (parts.length !== 5 || (version !== VERSION && version !== LEGACY_VERSION)) {
      throw new SecretDecryptionError(`A secret in ${where} is not an encrypted value.`);
    }
    const key = this.keys.get(keyId);
    if (!key) {
      throw new SecretDecryptionError(
        `A secret in ${where} was encrypted with key "${keyId}", which is not in BKSB_ENCRYPTION_KEYS. Put that key back in the ring.`,
      );
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(aadOf(version, location));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretDecryptionError(`A secret in ${where} could not be decrypted: it was altered or belongs elsewhere.`);
    }
  }
}

function aadOf(version: string, { table, column, organisationId, row }: SecretLocation): Buffer {
  const bound = version === LEGACY_VERSION ? `picsweb:${table}.${column}` : JSON.stringify(['picsweb', version, table, column, organisationId, row]);
  return Buffer.from(bound, 'utf8');
}
