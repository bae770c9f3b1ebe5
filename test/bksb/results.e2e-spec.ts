import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { BksbAccountLink } from '../../libs/bksb-integration/src/entities/bksb-account-link.entity';
import { BksbResultImportService } from '../../libs/bksb-integration/src/services/bksb-result-import.service';
import { BksbSettingsService } from '../../libs/bksb-integration/src/services/bksb-settings.service';
import { BksbFixture, startBksbFixture } from '../support/bksb-fixture';
import { onPostgres } from '../support/test-database';

const B = '/api/integrations/bksb';

describe(`bksb results and tags (${onPostgres ? 'PostgreSQL' : 'SQLite'})`, () => {
  let f: BksbFixture;
  let tags: Record<'learnerEnglish' | 'learnerMaths' | 'applicantEnglish' | 'later', string>;

  beforeAll(async () => {
    f = await startBksbFixture();
    const tag = async (name: string) => (await f.as('admin').post('/api/tags', { name }).expect(201)).body.id as string;
    tags = {
      learnerEnglish: await tag('Learner English'),
      learnerMaths: await tag('Learner Maths'),
      applicantEnglish: await tag('Applicant English'),
      later: await tag('Configured later'),
    };
    await f.as('admin')
      .put(`${B}/settings`, {
        learnerTags: { english: [tags.learnerEnglish], maths: [tags.learnerMaths] },
        applicantTags: { english: [tags.applicantEnglish] },
      })
      .expect(200);
  });

  afterAll(() => f.close());

  beforeEach(() => f.sandbox.reset());

  /** A person linked to a new sandbox user; returns both ids. */
  const linkedPerson = async (type: 'learners' | 'applicants' = 'learners') => {
    const user = f.sandbox.createUser({ username: `user-${randomUUID().slice(0, 8)}` });
    const id = await f.person(type, { firstName: 'Ann', lastName: 'Lee' });
    await f.as('staff').put(`${B}/${type}/${id}/account`, { username: user.username }).expect(200);
    return { id, userId: user.userId };
  };
  const refresh = (type: string, id: string) => f.as('staff').post(`${B}/${type}/${id}/results/refresh`).expect(200);
  const panel = async (type: string, id: string) => (await f.as('staff').get(`${B}/${type}/${id}`).expect(200)).body;
  const tagNames = async (type: string, id: string) => (await f.as('staff').get(`/api/${type}/${id}`)).body.tags.map((t: { name: string }) => t.name);

  it('imports, maps and shows results with UTC times on both sides of a daylight-saving change', async () => {
    const { id, userId } = await linkedPerson();
    f.sandbox.addResult(userId, { kind: 'initial', courseSubject: 'ENG_NEW', result: 'English E3', resultDate: '2026-03-29T00:30:00', sessionId: 71001 });
    f.sandbox.addResult(userId, { kind: 'initial', courseSubject: 'MATHS_NEW', result: 'Mathematics L1', resultDate: '2026-03-29T03:30:00', sessionId: 71002 });
    f.sandbox.addResult(userId, { kind: 'initial', courseSubject: 'DIGITAL', assessmentId: 468, result: 'ICT Level 1', resultDate: '2026-10-25T01:30:00', sessionId: 71003 });
    f.sandbox.addResult(userId, { kind: 'initial', courseSubject: 'WELLBEING', courseName: 'Wellbeing', assessmentId: 9001, assessmentName: 'Wellbeing check', result: 'Below Entry 1', resultDate: '2026-11-01T12:00:00', sessionId: 71004 });
    const refreshed = await refresh('learners', id);
    expect(refreshed.body.imported).toBe(4);
    const view = await panel('learners', id);
    expect(view.latest.initial).toEqual({
      english: expect.objectContaining({ subject: 'English', level: 'E3', resultText: 'English E3', resultDate: '2026-03-29T00:30:00.000Z', bksbSessionId: 71001 }),
      maths: expect.objectContaining({ subject: 'Maths', level: 'L1', resultDate: '2026-03-29T02:30:00.000Z' }),
      ict: expect.objectContaining({ subject: 'ICT', level: 'L1', resultDate: '2026-10-25T00:30:00.000Z' }),
    });
    expect(view.latest.diagnostic).toEqual({ english: null, maths: null, ict: null });
    expect(view.history.map((r: { bksbSessionId: number }) => r.bksbSessionId)).toEqual([71004, 71003, 71002, 71001]);
    expect(view.history[0]).toEqual({
      kind: 'initial',
      subject: null,
      level: 'BelowE1',
      score: null,
      resultText: 'Below Entry 1',
      assessmentName: 'Wellbeing check',
      courseName: expect.any(String),
      resultDate: '2026-11-01T12:00:00.000Z',
      bksbSessionId: 71004,
    });
    expect(view.lastSyncedAt).toEqual(expect.any(String));
    expect(refreshed.body.latest).toEqual(view.latest);
  });

  it('changes nothing when importing again, and then reads one page only', async () => {
    const { id, userId } = await linkedPerson();
    for (let i = 0; i < 25; i += 1) f.sandbox.addResult(userId, { kind: 'initial', courseSubject: 'ENG_NEW', level: 'Entry 2', sessionId: 72000 + i });
    await refresh('learners', id);
    const rows = async () => Number((await f.testApp.app.get(DataSource).query(`SELECT COUNT(*) AS n FROM bksb_assessment_results WHERE person_id = '${id}'`))[0].n);
    const logs = async () => (await f.as('admin').get('/api/system-logs?source=bksb&pageSize=200')).body.total as number;
    expect(await rows()).toBe(25);
    const [tagsBefore, logsBefore] = [await tagNames('learners', id), await logs()];
    f.sandbox.reset();
    const again = await refresh('learners', id);
    expect(again.body.imported).toBe(0);
    expect(f.sandbox.metrics().calls.initialResults).toBe(1);
    expect(f.sandbox.metrics().calls.diagnosticResults).toBe(0);
    expect(await rows()).toBe(25);
    expect(await tagNames('learners', id)).toEqual(tagsBefore);
    expect(await logs()).toBe(logsBefore + 1);
  });

  it('tags once per person and subject, from the list of the person type, and never again', async () => {
    const learner = await linkedPerson('learners');
    const applicant = await linkedPerson('applicants');
    for (const { userId } of [learner, applicant]) {
      f.sandbox.addResult(userId, { kind: 'initial', courseSubject: 'ENG_NEW', level: 'Entry 3', resultDate: '2026-09-01T10:00:00' });
    }
    await refresh('learners', learner.id);
    await refresh('applicants', applicant.id);
    expect(await tagNames('learners', learner.id)).toEqual(['Learner English']);
    expect(await tagNames('applicants', applicant.id)).toEqual(['Applicant English']);

    // Removed by hand, a later English result does not bring the tag back.
    await f.as('staff').delete(`/api/learners/${learner.id}/tags/${tags.learnerEnglish}`).expect(204);
    f.sandbox.addResult(learner.userId, { kind: 'initial', courseSubject: 'ENG_NEW', level: 'Level 1', resultDate: '2026-10-01T10:00:00' });
    // Tags configured later for a decided subject are not applied either.
    await f.as('admin').put(`${B}/settings`, { learnerTags: { english: [tags.later] } }).expect(200);
    await refresh('learners', learner.id);
    expect(await tagNames('learners', learner.id)).toEqual([]);

    // A first Maths result decides Maths; an unmapped subject decides nothing.
    f.sandbox.addResult(learner.userId, { kind: 'initial', courseSubject: 'MATHS_NEW', level: 'Entry 1', resultDate: '2026-10-02T10:00:00' });
    f.sandbox.addResult(learner.userId, { kind: 'initial', courseSubject: 'SCIENCE', courseName: 'Science', assessmentId: 9002, assessmentName: 'Science check', result: 'Level 2', resultDate: '2026-10-03T10:00:00' });
    await refresh('learners', learner.id);
    expect(await tagNames('learners', learner.id)).toEqual(['Learner Maths']);
    await f.as('admin').put(`${B}/settings`, { learnerTags: { english: [tags.learnerEnglish] } }).expect(200);
  });

  it('writes several people at once (as the sync does), each with their own results, tags and log line', async () => {
    const importer = f.testApp.app.get(BksbResultImportService, { strict: false });
    const settings = await f.testApp.app.get(BksbSettingsService, { strict: false }).runtime(f.identity.organisationId);
    const links = f.testApp.app.get(DataSource).getRepository(BksbAccountLink);
    const [ada, ben, cal] = [await linkedPerson(), await linkedPerson(), await linkedPerson('applicants')];
    f.sandbox.addResult(ada.userId, { kind: 'initial', courseSubject: 'ENG_NEW', level: 'Entry 3' });
    f.sandbox.addResult(ada.userId, { kind: 'initial', courseSubject: 'MATHS_NEW', level: 'Level 1' });
    f.sandbox.addResult(ben.userId, { kind: 'initial', courseSubject: 'MATHS_NEW', level: 'Level 2' });
    // Ben already carries the Maths tag, given by hand: kept once, not counted as applied.
    await f.as('staff').post(`/api/learners/${ben.id}/tags`, { tagId: tags.learnerMaths }).expect(200);
    const read = await Promise.all(
      [ada, ben, cal].map(async ({ id }) => {
        const link = await links.findOneByOrFail({ personId: id });
        return { link, fetched: await importer.fetchNew(settings, link) };
      }),
    );
    expect(await importer.store(settings, read)).toEqual([
      { imported: 2, tagsApplied: 2, missing: false, changed: false },
      { imported: 1, tagsApplied: 0, missing: false, changed: false },
      { imported: 0, tagsApplied: 0, missing: false, changed: false },
    ]);
    expect(await tagNames('learners', ada.id)).toEqual(['Learner English', 'Learner Maths']);
    expect(await tagNames('learners', ben.id)).toEqual(['Learner Maths']);
    expect(await tagNames('applicants', cal.id)).toEqual([]);
    const lines = ((await f.as('admin').get('/api/system-logs?source=bksb&pageSize=200').expect(200)).body.items as Array<{ message: string }>)
      .map((line) => line.message)
      .filter((message) => message.startsWith('Imported'));
    expect(lines.filter((message: string) => message.includes(ada.id))).toEqual([expect.stringMatching(/^Imported 2 new bksb results .*first English, Maths initial result: 2 tags applied\.$/)]);
    expect(lines.filter((message: string) => message.includes(ben.id))).toEqual([expect.stringMatching(/^Imported 1 new bksb result .*first Maths initial result: 0 tags applied\.$/)]);
    expect(lines.filter((message: string) => message.includes(cal.id))).toEqual([]);
  });

  // On SQLite the two imports' transactions queue one after the other, so this proves nothing there.
  (onPostgres ? it : it.skip)('applies tags exactly once when two imports of one person race (PostgreSQL)', async () => {
    const { id, userId } = await linkedPerson();
    f.sandbox.setLatency({ fixedMs: 20 });
    f.sandbox.addResult(userId, { kind: 'initial', courseSubject: 'MATHS_NEW', level: 'Level 2', sessionId: 73001 });
    const [a, b] = await Promise.all([refresh('learners', id), refresh('learners', id)]);
    expect(a.body.imported + b.body.imported).toBe(1);
    const database = f.testApp.app.get(DataSource);
    expect(Number((await database.query(`SELECT COUNT(*) AS n FROM bksb_assessment_results WHERE person_id = '${id}'`))[0].n)).toBe(1);
    expect(Number((await database.query(`SELECT COUNT(*) AS n FROM bksb_tag_decisions WHERE person_id = '${id}'`))[0].n)).toBe(1);
    expect(Number((await database.query(`SELECT COUNT(*) AS n FROM person_tags WHERE person_id = '${id}'`))[0].n)).toBe(1);
  });

  it('imports diagnostic results only with the setting on', async () => {
    const { id, userId } = await linkedPerson();
    f.sandbox.addResult(userId, { kind: 'diagnostic', courseSubject: 'ENG_NEW', result: 'English E3', score: 64, sessionId: 74001 });
    expect((await refresh('learners', id)).body.imported).toBe(0);
    await f.as('admin').put(`${B}/settings`, { downloadDiagnosticResults: true }).expect(200);
    try {
      expect((await refresh('learners', id)).body.imported).toBe(1);
      expect((await panel('learners', id)).latest.diagnostic.english).toMatchObject({ score: 64, level: 'E3', bksbSessionId: 74001 });
      expect(await tagNames('learners', id)).toEqual([]);
    } finally {
      await f.as('admin').put(`${B}/settings`, { downloadDiagnosticResults: false }).expect(200);
    }
  });

  it('marks a link missing-in-bksb when bksb deleted the user, without failing other people', async () => {
    const gone = await linkedPerson();
    const kept = await linkedPerson();
    f.sandbox.addResult(kept.userId, { kind: 'initial', courseSubject: 'ENG_NEW', level: 'Entry 1' });
    f.sandbox.deleteUser(gone.userId);
    expect((await refresh('learners', gone.id)).body.imported).toBe(0);
    expect((await panel('learners', gone.id)).account.state).toBe('missing-in-bksb');
    expect((await refresh('learners', kept.id)).body.imported).toBe(1);
    expect((await panel('learners', kept.id)).account.state).toBe('active');
  });

  it('does not call a user missing when bksb answers 404 for results but still knows the user name', async () => {
    const { id } = await linkedPerson();
    await f.testApp.app.get(DataSource).query(`UPDATE bksb_account_links SET bksb_user_id = 999999 WHERE person_id = '${id}'`);
    f.sandbox.reset();
    expect((await refresh('learners', id)).body.imported).toBe(0);
    expect((await panel('learners', id)).account.state).toBe('active');
    expect(f.sandbox.metrics().calls.getUserId).toBe(1);
  });

  it('imports at once when an existing account is linked, and keeps results after unlinking', async () => {
    const user = f.sandbox.createUser({ username: `linked-${randomUUID().slice(0, 8)}` });
    f.sandbox.addResult(user.userId, { kind: 'initial', courseSubject: 'ENG_NEW', level: 'Level 2', sessionId: 75001 });
    const id = await f.person('learners', { firstName: 'Lin', lastName: 'Ked' });
    await f.as('staff').put(`${B}/learners/${id}/account`, { username: user.username }).expect(200);
    expect((await panel('learners', id)).history.map((r: { bksbSessionId: number }) => r.bksbSessionId)).toEqual([75001]);
    await f.as('staff').delete(`${B}/learners/${id}/account`).expect(204);
    const after = await panel('learners', id);
    expect(after.account).toBeNull();
    expect(after.history).toHaveLength(1);
    await f.as('staff').post(`${B}/learners/${id}/results/refresh`).expect(409);
  });
});
