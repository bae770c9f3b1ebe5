import { httpAs, seedIdentity, TestIdentity, TokenName } from '../support/identity';
import { startTestApp, TestApp } from '../support/test-app';

describe('learners, applicants and tags over HTTP', () => {
  let testApp: TestApp;
  let identity: TestIdentity;
  const as = (token: TokenName) => httpAs(testApp.app, identity, token);

  beforeAll(async () => {
    testApp = await startTestApp();
    identity = await seedIdentity(testApp.app);
    const names = [
      ['Ann', 'Lee', 'ann.lee@example.org'],
      ['Bob', 'Marley', null],
      ['Cara', 'Lees', 'CARA@Example.org'],
      ['Dan', "O'Neil", 'dan_oneil@example.org'],
      ['Eve', 'Adams', 'eve%adams@example.org'],
    ];
    for (const [firstName, lastName, email] of names) {
      await as('staff').post('/api/learners', { firstName, lastName, email }).expect(201);
    }
    await as('otherAdmin').post('/api/learners', { firstName: 'Zed', lastName: 'Lee', email: 'zed@southbank.test' }).expect(201);
  });

  afterAll(() => testApp.close());

  it('creates a learner with defaults and exactly the fields of docs/api.md', async () => {
    const response = await as('admin')
      .post('/api/learners', { firstName: ' Fay ', lastName: 'Gold', dateOfBirth: '2004-02-29', startDate: '2026-09-01' })
      .expect(201);
    expect(response.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      firstName: 'Fay',
      lastName: 'Gold',
      email: null,
      dateOfBirth: '2004-02-29',
      systemStatus: 'Live',
      learningStatus: 'InLearning',
      startDate: '2026-09-01',
      endDate: null,
      tags: [],
    });
    const fetched = await as('staff').get(`/api/learners/${response.body.id}`).expect(200);
    expect(fetched.body).toEqual(response.body);
  });

  it('creates an applicant with its own fields', async () => {
    const response = await as('staff').post('/api/applicants', { firstName: 'Gus', lastName: 'Hart', applicationStatus: 'Withdrawn', closedOn: '2026-11-01' }).expect(201);
    expect(Object.keys(response.body).sort()).toEqual(
      ['applicationStatus', 'closedOn', 'dateOfBirth', 'email', 'firstName', 'id', 'lastName', 'systemStatus', 'tags'].sort(),
    );
    expect(response.body).toMatchObject({ applicationStatus: 'Withdrawn', closedOn: '2026-11-01' });
    await as('staff').get(`/api/learners/${response.body.id}`).expect(404);
  });

  it('pages and searches case-insensitively by name, full name and email, escaping wildcards', async () => {
    const search = async (term: string) =>
      (await as('staff').get(`/api/learners?search=${encodeURIComponent(term)}`).expect(200)).body.items.map((l: { lastName: string }) => l.lastName);
    expect(await search('LEE')).toEqual(['Lee', 'Lees']);
    expect(await search('ann lee')).toEqual(['Lee']);
    expect(await search('example.ORG')).toEqual(['Adams', 'Lee', 'Lees', "O'Neil"]);
    expect(await search('%')).toEqual(['Adams']);
    expect(await search('_')).toEqual(["O'Neil"]);
    const page = await as('staff').get('/api/learners?page=2&pageSize=2').expect(200);
    expect(page.body).toMatchObject({ total: 6, page: 2, pageSize: 2 });
    expect(page.body.items.map((l: { lastName: string }) => l.lastName)).toEqual(['Lee', 'Lees']);
  });

  it('names each invalid field', async () => {
    const response = await as('staff')
      .post('/api/learners', {
        firstName: '',
        email: 'not-an-email',
        dateOfBirth: '2026-02-30',
        learningStatus: 'Finished',
        systemStatus: 'Live',
        nickname: 'x',
      })
      .expect(400);
    expect(response.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'firstName', message: 'firstName must be 1 to 100 characters long.' },
        { field: 'lastName', message: 'lastName must be text.' },
        { field: 'email', message: 'email must be an email address, e.g. ann.lee@example.org, or null.' },
        { field: 'dateOfBirth', message: 'dateOfBirth must be a date as YYYY-MM-DD (e.g. 2026-09-01), or null.' },
        { field: 'learningStatus', message: 'learningStatus must be one of InLearning, Completed, Withdrawn, BreakInLearning.' },
        { field: 'nickname', message: 'nickname is not a known field. Remove it from the request.' },
      ]),
    );
    expect(response.body.errors).toHaveLength(6);
    const applicantField = await as('staff').post('/api/learners', { firstName: 'A', lastName: 'B', closedOn: '2026-01-01' }).expect(400);
    expect(applicantField.body.errors).toEqual([{ field: 'closedOn', message: 'closedOn is not a known field. Remove it from the request.' }]);
    const paging = await as('staff').get('/api/learners?pageSize=201').expect(400);
    expect(paging.body.errors).toEqual([{ field: 'pageSize', message: 'pageSize must be a whole number from 1 to 200.' }]);
  });

  it('patches some fields, clears nullable ones with null, and refuses emptying a name', async () => {
    const created = await as('staff').post('/api/learners', { firstName: 'Hal', lastName: 'Ives', email: 'hal@example.org' }).expect(201);
    const patched = await as('staff')
      .patch(`/api/learners/${created.body.id}`, { email: null, learningStatus: 'Completed', endDate: '2026-10-31' })
      .expect(200);
    expect(patched.body).toMatchObject({ firstName: 'Hal', email: null, learningStatus: 'Completed', endDate: '2026-10-31' });
    const refused = await as('staff').patch(`/api/learners/${created.body.id}`, { firstName: null }).expect(400);
    expect(refused.body.errors).toEqual([{ field: 'firstName', message: 'firstName must be text.' }]);
  });

  it('creates tags, adds and removes them on people, and refuses duplicates', async () => {
    const tag = await as('staff').post('/api/tags', { name: 'FS English Assessed' }).expect(201);
    expect(tag.body).toEqual({ id: expect.any(String), name: 'FS English Assessed' });
    await as('staff').post('/api/tags', { name: 'fs english assessed' }).expect(409);
    const person = await as('staff').post('/api/applicants', { firstName: 'Ida', lastName: 'Jones' }).expect(201);
    const tagged = await as('staff').post(`/api/applicants/${person.body.id}/tags`, { tagId: tag.body.id }).expect(200);
    expect(tagged.body.tags).toEqual([tag.body]);
    await as('staff').post(`/api/applicants/${person.body.id}/tags`, { tagId: tag.body.id }).expect(200);
    expect((await as('staff').get(`/api/applicants/${person.body.id}`)).body.tags).toEqual([tag.body]);
    await as('staff').delete(`/api/applicants/${person.body.id}/tags/${tag.body.id}`).expect(204);
    expect((await as('staff').get(`/api/applicants/${person.body.id}`)).body.tags).toEqual([]);
    expect((await as('admin').get('/api/tags').expect(200)).body).toEqual([tag.body]);
  });

  it("answers 404 for another organisation's person, tag and log, and lists none of them", async () => {
    const theirs = await as('otherAdmin').post('/api/learners', { firstName: 'Kim', lastName: 'Lo' }).expect(201);
    const theirTag = await as('otherAdmin').post('/api/tags', { name: 'Theirs' }).expect(201);
    const mine = await as('staff').post('/api/learners', { firstName: 'Max', lastName: 'Moe' }).expect(201);
    await as('admin').get(`/api/learners/${theirs.body.id}`).expect(404);
    await as('admin').patch(`/api/learners/${theirs.body.id}`, { firstName: 'X' }).expect(404);
    await as('admin').post(`/api/learners/${theirs.body.id}/tags`, { tagId: theirTag.body.id }).expect(404);
    const tagResponse = await as('admin').post(`/api/learners/${mine.body.id}/tags`, { tagId: theirTag.body.id }).expect(404);
    expect(tagResponse.body.message).toBe(`No tag with id ${theirTag.body.id}.`);
    expect((await as('admin').get('/api/tags')).body.map((t: { name: string }) => t.name)).not.toContain('Theirs');
    expect((await as('admin').get('/api/learners?search=zed')).body.total).toBe(0);
    const theirLog = await as('otherAdmin').get('/api/system-logs').expect(200);
    const myLog = await as('admin').get('/api/system-logs').expect(200);
    const myIds = new Set(myLog.body.items.map((l: { id: string }) => l.id));
    expect(theirLog.body.items.every((l: { id: string }) => !myIds.has(l.id))).toBe(true);
  });

  it('keeps support and the wrong roles out', async () => {
    await as('support').get('/api/learners').expect(403);
    await as('support').get('/api/tags').expect(403);
    await as('staff').get('/api/system-logs').expect(403);
    await as('staff').get('/api/mail-outbox').expect(403);
  });
});
