import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { BksbAccountLink } from '../../libs/bksb-integration/src/entities/bksb-account-link.entity';
import { BksbResultImportService } from '../../libs/bksb-integration/src/services/bksb-result-import.service';
import { BksbSessionCheckService } from '../../libs/bksb-integration/src/services/bksb-session-check.service';
import { BksbRuntimeSettings, BksbSettingsService } from '../../libs/bksb-integration/src/services/bksb-settings.service';
import { BksbFixture, startBksbFixture } from '../support/bksb-fixture';
import { onPostgres } from '../support/test-database';

const B = '/api/integrations/bksb';

/**
 * Staff unlink a person and create or link another bksb account while a sync is reading
 * the old one: what was read of the old user is dropped, never written on the person or
 * their new link. Driven through the services a sync uses, read first, then the link
 * changed over HTTP, then written, so that the order is certain.
 */
describe(`a link that changes while bksb is read (${onPostgres ? 'PostgreSQL' : 'SQLite'})`, () => {
  let f: BksbFixture;
  let importer: BksbResultImportService;
  let settings: BksbRuntimeSettings;

  beforeAll(async () => {
    f = await startBksbFixture();
    importer = f.testApp.app.get(BksbResultImportService, { strict: false });
    settings = await f.testApp.app.get(BksbSettingsService, { strict: false }).runtime(f.identity.organisationId);
  });

  afterAll(() => f.close());

  beforeEach(() => f.sandbox.reset());

  const database = () => f.testApp.app.get(DataSource);
  const linkOf = (personId: string) => database().getRepository(BksbAccountLink).findOneByOrFail({ personId });
  const sessionIdsOf = async (personId: string) =>
    ((await database().query(`SELECT bksb_session_id FROM bksb_assessment_results WHERE person_id = '${personId}'`)) as Array<{ bksb_session_id: number }>)
      .map((row) => Number(row.bksb_session_id))
      .sort();
  const linksOf = (personId: string) => database().query(`SELECT username, bksb_user_id, state FROM bksb_account_links WHERE person_id = '${personId}'`);

  /** A learner linked to a sandbox user whose results came after the linking (so the first import found none). */
  const learnerLinkedToOldUser = async () => {
    const old = f.sandbox.createUser({ username: `old-${randomUUID().slice(0, 8)}` });
    const id = await f.person('learners', { firstName: 'Ann', lastName: 'Lee', email: `ann.${randomUUID().slice(0, 8)}@example.org` });
    await f.as('staff').put(`${B}/learners/${id}/account`, { username: old.username }).expect(200);
    f.sandbox.addResult(old.userId, { kind: 'initial', courseSubject: 'ENG_NEW', level: 'Entry 3', sessionId: 91001 });
    return { id, old };
  };
  const unlink = (id: string) => f.as('staff').delete(`${B}/learners/${id}/account`).expect(204);
  /** Links another, new sandbox user (the link imports its results at once); answers it. */
  const linkNewUser = async (id: string) => {
    const user = f.sandbox.createUser({ username: `new-${randomUUID().slice(0, 8)}` });
    f.sandbox.addResult(user.userId, { kind: 'initial', courseSubject: 'MATHS_NEW', level: 'Level 1', sessionId: 92001 });
    await f.as('staff').put(`${B}/learners/${id}/account`, { username: user.username }).expect(200);
    return user;
  };

  it('drops the results read of the old user when another account was created meanwhile', async () => {
    const { id } = await learnerLinkedToOldUser();
    const read = { link: await linkOf(id), fetched: await importer.fetchNew(settings, await linkOf(id)) };
    expect(read.fetched.results).toHaveLength(1);

    await unlink(id);
    const created = (await f.as('staff').post(`${B}/learners/${id}/account`, {}).expect(201)).body as { username: string; bksbUserId: number };
    const [outcome] = await importer.storeForRun(settings, [read]);

    expect(await linksOf(id)).toEqual([{ username: created.username, bksb_user_id: created.bksbUserId, state: 'active' }]);
    expect(await sessionIdsOf(id)).toEqual([]);
    expect(outcome).toEqual({ imported: 0, tagsApplied: 0, missing: false, changed: true });
    f.sandbox.addResult(created.bksbUserId, { kind: 'initial', courseSubject: 'MATHS_NEW', level: 'Level 1', sessionId: 92002 });
    expect((await f.as('staff').post(`${B}/learners/${id}/results/refresh`).expect(200)).body.imported).toBe(1);
    expect(await sessionIdsOf(id)).toEqual([92002]);
  });

  it('leaves a creation under way alone, which then finishes with the new user', async () => {
    const { id } = await learnerLinkedToOldUser();
    const read = { link: await linkOf(id), fetched: await importer.fetchNew(settings, await linkOf(id)) };

    await unlink(id);
    // bksb makes the user, but neither its answer nor a look-up comes back: the claim stays, to be resolved by the next Create.
    f.sandbox.injectFault({ kind: 'lostAnswer', endpoint: 'createUser', times: 1 });
    f.sandbox.injectFault({ kind: 'http500', endpoint: 'getUserId', times: 3 });
    await f.as('staff').post(`${B}/learners/${id}/account`, {}).expect(503);
    const [outcome] = await importer.storeForRun(settings, [read]);
    expect(await linksOf(id)).toEqual([expect.objectContaining({ bksb_user_id: null, state: 'claimed' })]);
    expect(outcome).toEqual({ imported: 0, tagsApplied: 0, missing: false, changed: true });

    const created = (await f.as('staff').post(`${B}/learners/${id}/account`, {}).expect(201)).body as { username: string; bksbUserId: number };
    expect(f.sandbox.metrics().calls.createUser).toBe(1);
    expect(await linksOf(id)).toEqual([{ username: created.username, bksb_user_id: created.bksbUserId, state: 'active' }]);
    expect(await sessionIdsOf(id)).toEqual([]);
  });

  it('does not mark the new link missing when the old user was gone from bksb', async () => {
    const { id, old } = await learnerLinkedToOldUser();
    f.sandbox.deleteUser(old.userId);
    const read = { link: await linkOf(id), fetched: await importer.fetchNew(settings, await linkOf(id)) };
    expect(read.fetched.userGone).toBe(true);

    await unlink(id);
    const user = await linkNewUser(id);
    const [outcome] = await importer.storeForRun(settings, [read]);

    expect(await linksOf(id)).toEqual([{ username: user.username, bksb_user_id: user.userId, state: 'active' }]);
    expect(await sessionIdsOf(id)).toEqual([92001]);
    const warnings = (await f.as('admin').get('/api/system-logs?source=bksb&pageSize=200').expect(200)).body.items as Array<{ message: string }>;
    expect(warnings.filter(({ message }) => message.includes(`no longer knows the user ${old.username}`))).toEqual([]);
    expect(outcome).toEqual({ imported: 0, tagsApplied: 0, missing: false, changed: true });
  });

  it('drops the sessions read of the old user, and says whose', async () => {
    const sessions = f.testApp.app.get(BksbSessionCheckService, { strict: false });
    const { id, old } = await learnerLinkedToOldUser();
    f.sandbox.addSession(old.userId, { courseSubject: 'MATHS_NEW', dateStarted: '2026-09-10T10:00:00' });
    const kept = await learnerLinkedToOldUser();
    f.sandbox.addSession(kept.old.userId, { courseSubject: 'MATHS_NEW', dateStarted: '2026-09-10T10:00:00' });
    const read = await Promise.all(
      [id, kept.id].map(async (personId) => {
        const link = await linkOf(personId);
        return { link, reading: await sessions.read(settings, link, () => undefined, new Set()) };
      }),
    );

    await unlink(id);
    const user = await linkNewUser(id);
    const dropped = await sessions.store(read);

    const checks = await database().query(`SELECT person_id, bksb_user_id, subject, state FROM bksb_session_checks WHERE person_id IN ('${id}', '${kept.id}')`);
    expect(checks.map((row: { person_id: string; bksb_user_id: number }) => [row.person_id, Number(row.bksb_user_id)]).sort()).toEqual(
      [
        [kept.id, kept.old.userId],
        [kept.id, kept.old.userId],
      ],
    );
    expect((await linkOf(id)).bksbUserId).toBe(user.userId);
    expect(dropped).toEqual([id]);
  });

  it('answers a refresh whose link changed while bksb was read with a 409, writing nothing', async () => {
    const { id } = await learnerLinkedToOldUser();
    const fetchNew = importer.fetchNew.bind(importer);
    let user: { userId: number } | undefined;
    const spy = jest.spyOn(importer, 'fetchNew').mockImplementationOnce(async (...args) => {
      const fetched = await fetchNew(...args);
      spy.mockRestore();
      await unlink(id);
      user = await linkNewUser(id);
      return fetched;
    });
    const refused = await f.as('staff').post(`${B}/learners/${id}/results/refresh`).expect(409);
    expect(refused.body.message).toBe('The bksb account of Ann Lee changed while their results were read, so none were saved. Reload and try again.');
    expect((await linkOf(id)).bksbUserId).toBe(user!.userId);
    expect(await sessionIdsOf(id)).toEqual([92001]);
  });
});
