import request from 'supertest';
import { seedIdentity, TestIdentity } from '../support/identity';
import { startTestApp, TestApp } from '../support/test-app';

const NOT_LICENSED = 'bksb Integration is not licensed for this organisation. Contact PICS support to enable it.';

describe('the bksb plugin behind its licence', () => {
  let testApp: TestApp;
  let identity: TestIdentity;
  const http = () => request(testApp.app.getHttpServer());
  const summaryAs = (token: keyof TestIdentity['tokens']) =>
    http().get('/api/integrations/bksb/summary').set('authorization', `Bearer ${identity.tokens[token]}`);
  const switchLicence = (enabled: boolean) =>
    http()
      .put(`/api/support/organisations/${identity.organisationId}/licences/bksb`)
      .set('authorization', `Bearer ${identity.tokens.support}`)
      .send({ enabled })
      .expect(200);

  beforeAll(async () => {
    testApp = await startTestApp();
    identity = await seedIdentity(testApp.app, { licensed: false });
  });

  afterAll(() => testApp.close());

  it('answers 403 with the licence message, then 200 once support switches the licence on, then 403 again', async () => {
    expect((await summaryAs('admin').expect(403)).body).toEqual({ statusCode: 403, message: NOT_LICENSED });
    await switchLicence(true);
    const summary = await summaryAs('staff').expect(200);
    expect(summary.body).toMatchObject({ licensed: true, integrationEnabled: false, lastRun: null, nextRunAt: null, problem: null });
    expect(summary.body.information).toContain('Admin Options > API Access Keys > Configure Access Key');
    expect(summary.body.information).toContain('Databridge');
    await switchLicence(false);
    await summaryAs('admin').expect(403);
  });

  it('keeps other organisations and support out', async () => {
    await switchLicence(true);
    expect((await summaryAs('otherAdmin').expect(403)).body.message).toBe(NOT_LICENSED);
    await summaryAs('support').expect(403);
  });
});
