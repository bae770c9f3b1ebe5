import { DataSource } from 'typeorm';
import { SystemLogEntry } from '../../apps/picsweb/src/system-log/system-log-entry.entity';
import { httpAs, seedIdentity, TestIdentity } from '../support/identity';
import { startTestApp, TestApp } from '../support/test-app';

describe('support: organisations and licences', () => {
  let testApp: TestApp;
  let identity: TestIdentity;
  const asSupport = () => httpAs(testApp.app, identity, 'support');

  beforeAll(async () => {
    testApp = await startTestApp();
    identity = await seedIdentity(testApp.app, { licensed: false });
  });

  afterAll(() => testApp.close());

  it('lists organisations with their licences and integration health', async () => {
    const response = await asSupport().get('/api/support/organisations').expect(200);
    expect(response.body).toEqual([
      { id: identity.organisationId, name: 'Northfield College', licences: { bksb: false }, bksb: { enabled: false, lastRunStatus: null, problem: null } },
      { id: identity.otherOrganisationId, name: 'Southbank Training', licences: { bksb: false }, bksb: { enabled: false, lastRunStatus: null, problem: null } },
    ]);
  });

  it('creates an organisation (201), refusing a duplicate name and a blank one', async () => {
    const created = await asSupport().post('/api/support/organisations', { name: '  Eastgate Skills ' }).expect(201);
    expect(created.body).toMatchObject({ id: expect.any(String), name: 'Eastgate Skills', licences: { bksb: false } });
    const duplicate = await asSupport().post('/api/support/organisations', { name: 'eastgate skills' }).expect(409);
    expect(duplicate.body.message).toBe('An organisation named "eastgate skills" already exists. Choose another name.');
    const blank = await asSupport().post('/api/support/organisations', { name: ' ' }).expect(400);
    expect(blank.body.errors).toEqual([{ field: 'name', message: 'name must be 1 to 200 characters long.' }]);
  });

  it('switches the bksb licence on and off, writing a line naming the support user in that organisation\'s log', async () => {
    const path = `/api/support/organisations/${identity.organisationId}/licences/bksb`;
    const on = await asSupport().put(path, { enabled: true }).expect(200);
    expect(on.body.licences).toEqual({ bksb: true });
    await asSupport().put(path, { enabled: false }).expect(200);
    const list = await asSupport().get('/api/support/organisations').expect(200);
    expect(list.body.find((o: { id: string }) => o.id === identity.organisationId).licences.bksb).toBe(false);

    const lines = await testApp.app
      .get(DataSource)
      .getRepository(SystemLogEntry)
      .find({ where: { organisationId: identity.organisationId }, order: { at: 'ASC' } });
    expect(lines.map((l) => [l.actor, l.source, l.message])).toEqual([
      ['support@pics.test', 'support', 'support@pics.test (PICS support) switched the bksb licence on.'],
      ['support@pics.test', 'support', 'support@pics.test (PICS support) switched the bksb licence off.'],
    ]);
    const otherLines = await testApp.app.get(DataSource).getRepository(SystemLogEntry).countBy({ organisationId: identity.otherOrganisationId });
    expect(otherLines).toBe(0);
  });

  it('answers 404 for an unknown organisation or licence and 400 for a bad body', async () => {
    await asSupport().put('/api/support/organisations/00000000-0000-4000-8000-000000000000/licences/bksb', { enabled: true }).expect(404);
    await asSupport().put('/api/support/organisations/not-a-uuid/licences/bksb', { enabled: true }).expect(404);
    const unknownLicence = await asSupport().put(`/api/support/organisations/${identity.organisationId}/licences/moodle`, { enabled: true }).expect(404);
    expect(unknownLicence.body.message).toBe('No licence named "moodle". Licences: bksb.');
    const bad = await asSupport().put(`/api/support/organisations/${identity.organisationId}/licences/bksb`, { enabled: 'yes' }).expect(400);
    expect(bad.body.errors).toEqual([{ field: 'enabled', message: 'enabled must be true or false.' }]);
  });
});
