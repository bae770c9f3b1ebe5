import { randomBytes } from 'node:crypto';
import { legacyEnvelope } from '../../../../test/support/legacy-secret';
import { SecretCipher, SecretDecryptionError } from './secret-cipher';

const key = (id: string) => ({ id, key: randomBytes(32) });
const ORGANISATION = '11111111-1111-4111-8111-111111111111';
const OTHER_ORGANISATION = '22222222-2222-4222-8222-222222222222';
const SETTINGS = { table: 'bksb_settings', column: 'api_secret_key', organisationId: ORGANISATION, row: ORGANISATION };

describe('SecretCipher', () => {
  const old = key('k1');
  const current = key('k2');
  const cipher = new SecretCipher([current, old]);

  it('round-trips, with a fresh IV each time and no plain text in the envelope', () => {
    const first = cipher.encrypt('0123456789abcdef01234567', SETTINGS);
    const second = cipher.encrypt('0123456789abcdef01234567', SETTINGS);
    expect(first).toMatch(/^v2:k2:[\w-]{16}:[\w-]{22}:[\w-]+$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain('0123456789abcdef');
    expect(cipher.decrypt(first, SETTINGS)).toBe('0123456789abcdef01234567');
  });

  it('refuses a tampered value', () => {
    const envelope = cipher.encrypt('secret', SETTINGS);
    const parts = envelope.split(':');
    const body = Buffer.from(parts[4], 'base64url');
    body[0] ^= 1;
    parts[4] = body.toString('base64url');
    expect(() => cipher.decrypt(parts.join(':'), SETTINGS)).toThrow(SecretDecryptionError);
  });

  it('refuses a value moved to another column or table', () => {
    const envelope = cipher.encrypt('secret', SETTINGS);
    expect(() => cipher.decrypt(envelope, { ...SETTINGS, column: 'default_password' })).toThrow(/altered or belongs elsewhere/);
    expect(() => cipher.decrypt(envelope, { ...SETTINGS, table: 'mail_messages' })).toThrow(SecretDecryptionError);
  });

  it('refuses a value moved to another organisation or another row', () => {
    const envelope = cipher.encrypt('secret', SETTINGS);
    expect(() => cipher.decrypt(envelope, { ...SETTINGS, organisationId: OTHER_ORGANISATION, row: OTHER_ORGANISATION })).toThrow(/altered or belongs elsewhere/);
    expect(() => cipher.decrypt(envelope, { ...SETTINGS, organisationId: OTHER_ORGANISATION })).toThrow(SecretDecryptionError);
    const mail = { table: 'mail_messages', column: 'secrets', organisationId: ORGANISATION, row: 'message-1' };
    expect(() => cipher.decrypt(cipher.encrypt('{}', mail), { ...mail, row: 'message-2' })).toThrow(SecretDecryptionError);
  });

  it('refuses an old v1 envelope in use, and rewrites it bound to its organisation and row', () => {
    const legacy = legacyEnvelope('from 0.10', old, SETTINGS);
    expect(() => cipher.decrypt(legacy, SETTINGS)).toThrow(/old v1 format.*rotate-secrets/);
    expect(cipher.isLegacy(legacy)).toBe(true);
    expect(cipher.needsRotation(legacy)).toBe(true);
    const rewritten = cipher.reencrypt(legacy, SETTINGS);
    expect(rewritten).toMatch(/^v2:k2:/);
    expect(cipher.isLegacy(rewritten)).toBe(false);
    expect(cipher.decrypt(rewritten, SETTINGS)).toBe('from 0.10');
    expect(() => cipher.reencrypt(legacy, { ...SETTINGS, column: 'default_password' })).toThrow(SecretDecryptionError);
  });

  it('reads values under a retired key still in the ring, and says they need rotation', () => {
    const before = new SecretCipher([old]).encrypt('legacy', SETTINGS);
    expect(cipher.decrypt(before, SETTINGS)).toBe('legacy');
    expect(cipher.needsRotation(before)).toBe(true);
    expect(cipher.needsRotation(cipher.encrypt('new', SETTINGS))).toBe(false);
  });

  it('fails loudly, naming the key, for an unknown key id', () => {
    const foreign = new SecretCipher([key('k9')]).encrypt('x', SETTINGS);
    expect(() => cipher.decrypt(foreign, SETTINGS)).toThrow('encrypted with key "k9", which is not in BKSB_ENCRYPTION_KEYS');
  });

  it('never falls back to plain text', () => {
    expect(() => cipher.decrypt('plain-text-secret', SETTINGS)).toThrow(/not an encrypted value/);
    expect(() => cipher.decrypt('v1:k2:x:y', SETTINGS)).toThrow(SecretDecryptionError);
  });

  it('refuses an empty ring or a short key', () => {
    expect(() => new SecretCipher([])).toThrow(/empty/);
    expect(() => new SecretCipher([{ id: 'k', key: randomBytes(16) }])).toThrow(/32 bytes/);
  });
});
