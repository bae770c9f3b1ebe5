import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { LOGIN_LIMITS } from '../../apps/picsweb/src/auth/login-throttle';
import { MailService } from '../../apps/picsweb/src/mail/mail.service';
import { NO_ROUTE } from '../../apps/picsweb/src/metrics/http-metrics';
import { MetricsPortServer } from '../../apps/picsweb/src/metrics/metrics-port.server';
import { eventually } from '../support/eventually';
import { httpAs, seedIdentity, TestIdentity } from '../support/identity';
import { samplesOf, scrape, valueOf } from '../support/metrics-scrape';
import { SmtpSink, startSmtpSink } from '../support/smtp-sink';
import { startTestApp, TestApp } from '../support/test-app';

const METRICS_TOKEN = randomBytes(32).toString('hex');

describe('/metrics with METRICS_TOKEN, on the app\'s port', () => {
  let smtp: SmtpSink;
  let testApp: TestApp;
  let identity: TestIdentity;
  const http = () => request(testApp.app.getHttpServer());

  beforeAll(async () => {
    smtp = await startSmtpSink();
    testApp = await startTestApp({ env: { METRICS_TOKEN, SMTP_URL: smtp.url, MAIL_RETRY_SECONDS: '0', MAIL_POLL_SECONDS: '3600' } });
    identity = await seedIdentity(testApp.app);
  });

  afterAll(async () => {
    await testApp.close();
    await smtp.close();
  });

  it('answers 401 without the token or with another, and the Prometheus text format with it', async () => {
    const without = await http().get('/metrics').expect(401);
    expect(without.headers['www-authenticate']).toBe('Bearer');
    await http().get('/metrics').set('authorization', `Bearer ${METRICS_TOKEN.slice(1)}x`).expect(401);
    await http().get('/metrics').set('authorization', `Basic ${METRICS_TOKEN}`).expect(401);
    // A signed-in user's token is not the metrics token.
    await http().get('/metrics').set('authorization', `Bearer ${identity.tokens.support}`).expect(401);

    const response = await http().get('/metrics').set('authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const samples = samplesOf(response.text);
    // The process's defaults: CPU, memory, event-loop lag, GC.
    expect(valueOf(samples, 'process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(valueOf(samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(samples.some((sample) => sample.name === 'nodejs_eventloop_lag_seconds')).toBe(true);
    expect(response.text).toContain('# TYPE nodejs_gc_duration_seconds histogram');
  });

  it("carries the event loop's delay since the last scrape and the seconds it was busy (its utilisation is their rate)", async () => {
    const before = valueOf(samplesOf((await scrape(testApp.app, METRICS_TOKEN)).text), 'picsweb_eventloop_busy_seconds_total');
    // A turn of the loop held for 30 ms shows in the delay's maximum, and in the busy seconds.
    await new Promise((resolve) => setTimeout(resolve, 30));
    const holdUntil = performance.now() + 30;
    while (performance.now() < holdUntil);
    await new Promise((resolve) => setTimeout(resolve, 30));
    const first = samplesOf((await scrape(testApp.app, METRICS_TOKEN)).text);
    for (const name of ['p50', 'p90', 'p99', 'max']) expect(valueOf(first, `nodejs_eventloop_lag_${name}_seconds`)).toBeGreaterThan(0);
    expect(valueOf(first, 'nodejs_eventloop_lag_max_seconds')).toBeGreaterThanOrEqual(0.029);
    const busy = valueOf(first, 'picsweb_eventloop_busy_seconds_total');
    expect(busy - before).toBeGreaterThanOrEqual(0.029);
    // The counter only grows; the delays start again at each scrape.
    const second = samplesOf((await scrape(testApp.app, METRICS_TOKEN)).text);
    expect(valueOf(second, 'picsweb_eventloop_busy_seconds_total')).toBeGreaterThanOrEqual(busy);
    expect((await scrape(testApp.app, METRICS_TOKEN)).text).toContain('# TYPE picsweb_eventloop_busy_seconds_total counter');
  });

  it('times requests by method, route pattern and status, never by the path asked for', async () => {
    const staff = httpAs(testApp.app, identity, 'staff');
    const learnerId = (await staff.post('/api/learners', { firstName: 'Mira', lastName: 'Okafor' }).expect(201)).body.id as string;
    const before = samplesOf((await scrape(testApp.app, METRICS_TOKEN)).text);
    await staff.get(`/api/learners/${learnerId}`).expect(200);
    await staff.get(`/api/learners/${learnerId}`).expect(200);
    await http().get(`/api/learners/${learnerId}`).expect(401);
    await http().get(`/nothing/here/${learnerId}`).expect(404);

    const { text, samples } = await scrape(testApp.app, METRICS_TOKEN);
    const count = (labels: Record<string, string>) =>
      valueOf(samples, 'picsweb_http_request_duration_seconds_count', labels) - valueOf(before, 'picsweb_http_request_duration_seconds_count', labels);
    expect(count({ method: 'GET', route: '/api/learners/:id', status: '200' })).toBe(2);
    expect(count({ method: 'GET', route: '/api/learners/:id', status: '401' })).toBe(1);
    expect(count({ method: 'GET', route: NO_ROUTE, status: '404' })).toBe(1);
    expect(count({ method: 'POST', route: '/api/learners', status: '201' })).toBe(0);
    expect(valueOf(samples, 'picsweb_http_request_duration_seconds_count', { method: 'POST', route: '/api/learners', status: '201' })).toBe(1);
    expect(text).not.toContain(learnerId);
  });

  it('counts failed and throttled sign-ins', async () => {
    const signIn = (password: string) => http().post('/api/auth/login').send({ email: 'staff@northfield.test', password });
    const before = (await scrape(testApp.app, METRICS_TOKEN)).samples;
    for (let i = 0; i < LOGIN_LIMITS.failuresPerClient; i += 1) await signIn('not-the-password').expect(401);
    await signIn('not-the-password').expect(429);
    await signIn('still-not-it').expect(429);
    const { samples } = await scrape(testApp.app, METRICS_TOKEN);
    expect(valueOf(samples, 'picsweb_login_failures_total') - valueOf(before, 'picsweb_login_failures_total')).toBe(LOGIN_LIMITS.failuresPerClient);
    expect(valueOf(samples, 'picsweb_login_throttled_total') - valueOf(before, 'picsweb_login_throttled_total')).toBe(2);
  });

  it('counts mail sent and failed, and shows the waiting emails and how long the oldest has waited', async () => {
    const mail = testApp.app.get(MailService);
    smtp.refuseNext(1);
    await mail.queue({ organisationId: identity.organisationId, to: 'mira.okafor@example.org', subject: 'Hello', text: 'Hello', html: '<p>Hello</p>' });
    // Queueing starts a delivery of its own: its refused attempt leaves the email waiting for a retry.
    let samples = await eventually('the refused attempt', async () => {
      const scraped = (await scrape(testApp.app, METRICS_TOKEN)).samples;
      return valueOf(scraped, 'picsweb_mail_failed_total') > 0 && scraped;
    });
    expect(valueOf(samples, 'picsweb_mail_failed_total', { final: 'false' })).toBe(1);
    expect(valueOf(samples, 'picsweb_mail_failed_total', { final: 'true' })).toBe(0);
    expect(valueOf(samples, 'picsweb_mail_sent_total')).toBe(0);
    expect(valueOf(samples, 'picsweb_mail_pending')).toBe(1);
    expect(valueOf(samples, 'picsweb_mail_oldest_pending_seconds')).toBeGreaterThanOrEqual(0);

    await mail.deliverDue();
    samples = (await scrape(testApp.app, METRICS_TOKEN)).samples;
    expect(valueOf(samples, 'picsweb_mail_sent_total')).toBe(1);
    expect(valueOf(samples, 'picsweb_mail_pending')).toBe(0);
    expect(valueOf(samples, 'picsweb_mail_oldest_pending_seconds')).toBe(0);
    expect(smtp.received).toHaveLength(1);
  });
});

describe('/metrics without METRICS_TOKEN, and on METRICS_PORT', () => {
  it('is not served on the app\'s port without METRICS_TOKEN', async () => {
    const testApp = await startTestApp();
    try {
      await request(testApp.app.getHttpServer()).get('/metrics').expect(404);
      await request(testApp.app.getHttpServer()).get('/metrics').set('authorization', 'Bearer anything-at-all-anything-at-all-1234').expect(404);
      expect(testApp.app.get(MetricsPortServer).url).toBeNull();
    } finally {
      await testApp.close();
    }
  });

  it('answers on its own loopback port without a token, and only there', async () => {
    const testApp = await startTestApp({ env: { METRICS_PORT: '0' } });
    try {
      const url = testApp.app.get(MetricsPortServer).url!;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      await request(testApp.app.getHttpServer()).get('/api/health').expect(200);
      const response = await fetch(url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const samples = samplesOf(await response.text());
      expect(valueOf(samples, 'picsweb_http_request_duration_seconds_count', { method: 'GET', route: '/api/health', status: '200' })).toBe(1);
      expect((await fetch(url.replace('/metrics', '/other'))).status).toBe(404);
      // The app's own port still has no /metrics (no METRICS_TOKEN).
      await request(testApp.app.getHttpServer()).get('/metrics').expect(404);
    } finally {
      await testApp.close();
    }
    expect(testApp.app.get(MetricsPortServer).url).toBeNull();
  });
});
