import { TooManyRequestsException } from '@picsweb/common';
import { LRUCache } from 'lru-cache';
import { DataSource } from 'typeorm';
import { LOGIN_LIMITS, LoginThrottle, MAX_TRACKED_KEYS } from './login-throttle';

describe('LoginThrottle on the embedded database', () => {
  const throttle = () => new LoginThrottle({ options: { type: 'better-sqlite3' } } as DataSource);
  const fails = async () => null;

  afterEach(() => jest.restoreAllMocks());

  it('keeps its counts under hashes in an LRU of a fixed size, the least recently used dropped first', async () => {
    const subject = throttle();
    const stored = jest.spyOn(LRUCache.prototype, 'set');
    const longEmail = `${'a'.repeat(300)}@example.org`;
    for (let i = 0; i < LOGIN_LIMITS.failuresPerClient; i += 1) await subject.attempt(longEmail, '203.0.113.9', fails);
    await expect(subject.attempt(longEmail, '203.0.113.9', fails)).rejects.toBeInstanceOf(TooManyRequestsException);
    const keys = stored.mock.calls.map(([key]) => String(key));
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((key) => key.length <= 64 && !key.includes('aaaa') && !key.includes('203.0.113.9'))).toBe(true);

    // Each attempt from a new address with a new email adds three entries: the oldest go.
    for (let i = 0; i < MAX_TRACKED_KEYS / 3 + 1; i += 1) {
      await subject.attempt(`walker${i}@example.org`, `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`, fails);
    }
    const verify = jest.fn(fails);
    await subject.attempt(longEmail, '203.0.113.9', verify);
    expect(verify).toHaveBeenCalledTimes(1);
  });
});
