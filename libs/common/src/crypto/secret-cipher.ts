import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface EncryptionKey {
  id: string;
  /** 32 bytes. */
  key: Buffer;
}

/** Where a secret is stored; bound into the ciphertext so it cannot be moved elsewhere. */
export interface SecretLocation {
  table: string;
  column: string;
}

export class SecretDecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretDecryptionError';
  }
}

const VERSION = 'v1';

/**
 * Encrypts secrets at rest: AES-256-GCM, a random 12-byte IV per value, the table and
 * column as authenticated data, and the key id in the envelope
 * `v1:<keyId>:<iv>:<tag>:<ciphertext>` (base64url parts) so keys can rotate: new values
 * use the first (active) key of the ring, older keys stay readable while in the ring.
 * There is no plain-text fallback: anything else fails loudly.
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
    cipher.setAAD(aadOf(location));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, this.activeKeyId, iv, cipher.getAuthTag(), ciphertext]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join(':');
  }

  decrypt(envelope: string, location: SecretLocation): string {
    const parts = envelope.split(':');
    if (parts.length !== 5 || parts[0] !== VERSION) {
      throw new SecretDecryptionError(`A secret in ${location.table}.${location.column} is not an encrypted ${VERSION} value.`);
    }
    const [, keyId, iv, tag, ciphertext] = parts;
    const key = this.keys.get(keyId);
    if (!key) {
      throw new SecretDecryptionError(
        `A secret in ${location.table}.${location.column} was encrypted with key "${keyId}", which is not in BKSB_ENCRYPTION_KEYS. Put that key back in the ring.`,
      );
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(aadOf(location));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretDecryptionError(`A secret in ${location.table}.${location.column} could not be decrypted: it was altered or belongs elsewhere.`);
    }
  }

  /** True when the value was encrypted with a key other than the active one. */
  needsRotation(envelope: string): boolean {
    return envelope.split(':')[1] !== this.activeKeyId;
  }
}

function aadOf({ table, column }: SecretLocation): Buffer {
  return Buffer.from(`picsweb:${table}.${column}`, 'utf8');
}
