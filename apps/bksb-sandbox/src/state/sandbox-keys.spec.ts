import { SandboxKeyRing, claimedAccessKey } from './sandbox-keys';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('SandboxKeyRing', () => {
  const ring = new SandboxKeyRing([
    { accessKey: 'aaaa1111', secretKey: 'secret-one' },
    { accessKey: 'bbbb2222', secretKey: 'secret-two', permissions: { results: false } },
    { accessKey: 'cccc3333', secretKey: 'secret-three', enabled: false },
  ]);

  it('allows a known key with the right secret and permission', () => {
    expect(ring.authorise(basic('aaaa1111', 'secret-one'), 'results')).toMatchObject({ kind: 'allowed' });
  });

  it.each([
    ['no header', undefined],
    ['a bearer token', 'Bearer abc'],
    ['a wrong secret', basic('aaaa1111', 'secret-two')],
    ['an unknown key', basic('zzzz9999', 'secret-one')],
    ['a secret with a colon', basic('aaaa1111', 'secret-one:')],
  ])('refuses %s as unauthenticated', (_label, header) => {
    expect(ring.authorise(header, 'users').kind).toBe('unauthenticated');
  });

  it('refuses a disabled key as unauthenticated and a denied permission as forbidden', () => {
    expect(ring.authorise(basic('cccc3333', 'secret-three'), 'users')).toEqual({
      kind: 'unauthenticated',
      message: 'The API access key is disabled.',
    });
    expect(ring.authorise(basic('bbbb2222', 'secret-two'), 'results').kind).toBe('forbidden');
    expect(ring.authorise(basic('bbbb2222', 'secret-two'), 'users').kind).toBe('allowed');
  });

  it('reads the access key a request claims', () => {
    expect(claimedAccessKey(basic('aaaa1111', 'wrong'))).toBe('aaaa1111');
    expect(claimedAccessKey('Basic !!!')).toBeUndefined();
  });
});
