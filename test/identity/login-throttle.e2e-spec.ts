import request from 'supertest';
import { LOGIN_LIMITS } from '../../apps/picsweb/src/auth/login-throttle';
import { PasswordHasher } from '../../apps/picsweb/src/users/password-hasher';
import { UsersService } from '../../apps/picsweb/src/users/users.service';
import { seedIdentity, TEST_PASSWORD, TestIdentity } from '../support/identity';
import { onPostgres } from '../support/test-database';
import { startTestApp, TestApp } from '../support/test-app';

const OWN_ADDRESS = '198.51.100.7';
const STRANGER = '203.0.113.9';

describe('login throttling', () => {
  let testApp: TestApp;
  let identity: TestIdentity;
  /** A sign-in from a client address (the app trusts the loopback proxy's X-Forwarded-For here). */
  const attempt = (email: string, password = 'wrong-password-here', from = '127.0.0.1') =>
    request(testApp.app.getHttpServer()).post('/api/auth/login').set('x-forwarded-for', from).send({ email, password });

  beforeEach(async () => {
    testApp = await startTestApp({ env: { TRUST_PROXY: 'loopback' } });
    identity = await seedIdentity(testApp.app);
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await testApp.close();
  });

  it('throttles an email from one address after repeated failures, before hashing, even for the right password', async () => {
    for (let i = 0; i < LOGIN_LIMITS.failuresPerClient; i += 1) await attempt('admin@northfield.test').expect(401);
    const verify = jest.spyOn(PasswordHasher, 'verify');
    const response = await attempt('admin@northfield.test', TEST_PASSWORD).expect(429);
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    expect(response.body.message).toMatch(/Too many failed sign-in attempts. Wait \d+ seconds/);
    expect(verify).not.toHaveBeenCalled();
    // Another email from the same address is not yet affected.
    await attempt('staff@northfield.test', TEST_PASSWORD).expect(200);
  });

  it('never lets a stranger\'s failures from another address stop the right password from the user\'s own address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3 * LOGIN_LIMITS.failuresPerClient; i += 1) statuses.push((await attempt('admin@northfield.test', 'guess', STRANGER)).status);
    expect(statuses.slice(0, LOGIN_LIMITS.failuresPerClient)).toEqual(Array(LOGIN_LIMITS.failuresPerClient).fill(401));
    expect(new Set(statuses.slice(LOGIN_LIMITS.failuresPerClient))).toEqual(new Set([429]));
    // The user has never signed in from this address before.
    await attempt('admin@northfield.test', TEST_PASSWORD, OWN_ADDRESS).expect(200);
  });

  it('slows an email down with growing delays when strangers spread over many addresses, but never from an address it signed in from', async () => {
    await attempt('admin@northfield.test', TEST_PASSWORD, OWN_ADDRESS).expect(200);
    // The throttle's stores count time with Date.now (the PostgreSQL one in the database's rows).
    let now = Date.now();
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    let address = 0;
    const fromANewAddress = (password = 'guess') => attempt('admin@northfield.test', password, `192.0.2.${(address += 1)}`);

    for (let i = 0; i < LOGIN_LIMITS.failuresBeforeDelays; i += 1) await fromANewAddress().expect(401);
    const waits: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      const refused = await fromANewAddress(TEST_PASSWORD).expect(429);
      const wait = Number(refused.headers['retry-after']);
      waits.push(wait);
      await attempt('admin@northfield.test', TEST_PASSWORD, OWN_ADDRESS).expect(200);
      now += wait * 1000;
      await fromANewAddress().expect(401);
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 60, 60]);
    expect(waits[waits.length - 1]).toBe(LOGIN_LIMITS.maxDelayMs / 1000);
  });

  it('throttles an address that walks through many emails, except for emails that signed in from it before', async () => {
    await testApp.app.get(UsersService).create({ email: 'new@northfield.test', password: TEST_PASSWORD, role: 'staff', organisationId: identity.organisationId });
    for (let i = 0; i < LOGIN_LIMITS.failuresPerAddress; i += 1) await attempt(`walker${i}@example.org`).expect(401);
    const verify = jest.spyOn(PasswordHasher, 'verify');
    await attempt('walker-next@example.org').expect(429);
    await attempt('new@northfield.test', TEST_PASSWORD).expect(429);
    expect(verify).not.toHaveBeenCalled();
    // staff signed in from this address when the test began: a shared address (a college's
    // network, a proxy) does not lock out the people who use it.
    await attempt('staff@northfield.test', TEST_PASSWORD).expect(200);
  });

  it('checks no more passwords than the limit, however many attempts arrive at once (attempts in flight count as failures)', async () => {
    const verify = jest.spyOn(PasswordHasher, 'verify');
    // One email from one address, the right password 20th of 60.
    const together = await Promise.all(
      Array.from({ length: 60 }, (_, i) => attempt('admin@northfield.test', i === 19 ? TEST_PASSWORD : 'guess', STRANGER)),
    );
    expect(verify).toHaveBeenCalledTimes(LOGIN_LIMITS.failuresPerClient);
    expect(together.filter((response) => response.status !== 429)).toHaveLength(LOGIN_LIMITS.failuresPerClient);
    verify.mockClear();
    // One address walking through unknown emails.
    const walking = await Promise.all(Array.from({ length: 300 }, (_, i) => attempt(`walker${i}@example.org`, 'guess', OWN_ADDRESS)));
    expect(verify).toHaveBeenCalledTimes(LOGIN_LIMITS.failuresPerAddress);
    expect(walking.filter((response) => response.status === 401)).toHaveLength(LOGIN_LIMITS.failuresPerAddress);
  });

  (onPostgres ? it : it.skip)('counts the failures of every instance together, so two instances allow no more guesses than one (PostgreSQL)', async () => {
    const second = await startTestApp({ env: { TRUST_PROXY: 'loopback' }, database: testApp.database });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 2 * LOGIN_LIMITS.failuresPerClient; i += 1) {
        const instance = i % 2 === 0 ? testApp : second;
        const response = await request(instance.app.getHttpServer())
          .post('/api/auth/login')
          .set('x-forwarded-for', STRANGER)
          .send({ email: 'admin@northfield.test', password: 'guess' });
        statuses.push(response.status);
      }
      expect(statuses).toEqual([...Array(LOGIN_LIMITS.failuresPerClient).fill(401), ...Array(LOGIN_LIMITS.failuresPerClient).fill(429)]);
    } finally {
      await second.close();
    }
  });
});
