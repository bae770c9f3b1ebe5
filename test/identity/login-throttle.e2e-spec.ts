import request from 'supertest';
import { LOGIN_LIMITS } from '../../apps/picsweb/src/auth/login-throttle';
import { PasswordHasher } from '../../apps/picsweb/src/users/password-hasher';
import { seedIdentity, TEST_PASSWORD } from '../support/identity';
import { startTestApp, TestApp } from '../support/test-app';

describe('login throttling', () => {
  let testApp: TestApp;
  const attempt = (email: string, password = 'wrong-password-here') =>
    request(testApp.app.getHttpServer()).post('/api/auth/login').send({ email, password });

  beforeEach(async () => {
    testApp = await startTestApp();
    await seedIdentity(testApp.app);
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await testApp.close();
  });

  it('throttles an email after repeated failures, before hashing, even for the right password', async () => {
    for (let i = 0; i < LOGIN_LIMITS.failuresPerEmail; i += 1) await attempt('admin@northfield.test').expect(401);
    const verify = jest.spyOn(PasswordHasher, 'verify');
    const response = await attempt('admin@northfield.test', TEST_PASSWORD).expect(429);
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    expect(response.body.message).toMatch(/Too many failed sign-in attempts. Wait \d+ seconds/);
    expect(verify).not.toHaveBeenCalled();
    // Another email from the same address is not yet affected.
    await attempt('staff@northfield.test', TEST_PASSWORD).expect(200);
  });

  it('throttles an address that walks through many emails', async () => {
    for (let i = 0; i < LOGIN_LIMITS.failuresPerAddress; i += 1) await attempt(`walker${i}@example.org`).expect(401);
    const verify = jest.spyOn(PasswordHasher, 'verify');
    await attempt('walker-next@example.org').expect(429);
    await attempt('staff@northfield.test', TEST_PASSWORD).expect(429);
    expect(verify).not.toHaveBeenCalled();
  });
});
