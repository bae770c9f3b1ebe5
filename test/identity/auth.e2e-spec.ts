import { JwtService } from '@nestjs/jwt';
import { createHmac } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import request from 'supertest';
import { seedIdentity, TEST_PASSWORD, TestIdentity } from '../support/identity';
import { startTestApp, TestApp } from '../support/test-app';

/** An HS256 token with exactly these claims, signed with the app's own secret. */
function signedToken(claims: object, secret: string): string {
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

describe('login, tokens and /api/me', () => {
  let testApp: TestApp;
  let identity: TestIdentity;
  const http = () => request(testApp.app.getHttpServer());

  beforeAll(async () => {
    testApp = await startTestApp();
    identity = await seedIdentity(testApp.app);
  });

  afterAll(() => testApp.close());

  it('signs in with the right password, whatever the case of the email', async () => {
    const response = await http().post('/api/auth/login').send({ email: ' Admin@Northfield.TEST ', password: TEST_PASSWORD }).expect(200);
    expect(response.body).toEqual({
      accessToken: expect.any(String),
      user: { id: expect.any(String), email: 'admin@northfield.test', role: 'admin', organisationId: identity.organisationId },
    });
    const me = await http().get('/api/me').set('authorization', `Bearer ${response.body.accessToken}`).expect(200);
    expect(me.body).toEqual(response.body.user);
  });

  it('answers an unknown email and a wrong password with the same 401 message, in about the same time', async () => {
    const attempt = async (email: string) => {
      const started = performance.now();
      const response = await http().post('/api/auth/login').send({ email, password: 'wrong-password-here' }).expect(401);
      return { body: response.body, ms: performance.now() - started };
    };
    const known = [await attempt('staff@northfield.test'), await attempt('staff@northfield.test')];
    const unknown = [await attempt('nobody@northfield.test'), await attempt('nobody@northfield.test')];
    expect(unknown[0].body).toEqual(known[0].body);
    expect(known[0].body).toEqual({ statusCode: 401, message: 'Invalid email or password' });
    // A shortcut for unknown emails would be ~100x faster than a scrypt verification.
    const ratio = Math.min(...unknown.map((a) => a.ms)) / Math.min(...known.map((a) => a.ms));
    expect(ratio).toBeGreaterThan(0.25);
    expect(ratio).toBeLessThan(4);
  });

  it('names the missing fields of a login request', async () => {
    const response = await http().post('/api/auth/login').send({ email: 'a@b.c' }).expect(400);
    expect(response.body.errors).toEqual([{ field: 'password', message: 'password must be text.' }]);
  });

  it('refuses requests without a token, with an expired token and with a tampered one', async () => {
    const jwt = testApp.app.get(JwtService);
    const user = (await http().get('/api/me').set('authorization', `Bearer ${identity.tokens.admin}`).expect(200)).body;
    const expired = await jwt.signAsync({ sub: user.id }, { expiresIn: -5 });
    const [head, body, signature] = identity.tokens.admin.split('.');
    const tampered = `${head}.${body}.${signature.slice(0, -4)}${signature.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    const forged = await jwt.signAsync({ sub: user.id }, { secret: 'another-secret-of-sufficient-length-0123456789' });
    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${body}.`;

    expect((await http().get('/api/me').expect(401)).body.message).toMatch(/Sign in first/);
    for (const token of [expired, tampered, forged, unsigned, 'not-a-token']) {
      const response = await http().get('/api/me').set('authorization', `Bearer ${token}`).expect(401);
      expect(response.body.message).toBe('Your session has expired or is not valid. Sign in again.');
    }
  });

  it('refuses correctly signed tokens without a string sub or without exp (never the first user, never 500)', async () => {
    const user = (await http().get('/api/me').set('authorization', `Bearer ${identity.tokens.admin}`).expect(200)).body;
    const secret = testApp.config.appSecret;
    const later = Math.floor(Date.now() / 1000) + 3600;
    // The helper signs as the app does: with sub and exp the token works.
    await http().get('/api/me').set('authorization', `Bearer ${signedToken({ sub: user.id, exp: later }, secret)}`).expect(200);
    for (const claims of [{ exp: later }, { sub: { id: user.id }, exp: later }, { sub: '', exp: later }, { sub: [user.id], exp: later }, { sub: user.id }, { sub: user.id, exp: String(later) }]) {
      const response = await http().get('/api/me').set('authorization', `Bearer ${signedToken(claims, secret)}`);
      expect([JSON.stringify(claims), response.status]).toEqual([JSON.stringify(claims), 401]);
      expect(response.body.message).toBe('Your session has expired or is not valid. Sign in again.');
    }
  });
});
