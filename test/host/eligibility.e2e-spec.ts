import { randomUUID } from 'node:crypto';
import { syncWindowStart } from '@picsweb/common';
import { DataSource } from 'typeorm';
import { eligibilityOf } from '../../apps/picsweb/src/people/eligibility';
import { PeopleService } from '../../apps/picsweb/src/people/people.service';
import { APPLICATION_STATUSES, LEARNING_STATUSES, Person, SYSTEM_STATUSES } from '../../apps/picsweb/src/people/person.entity';
import { seedIdentity, TestIdentity } from '../support/identity';
import { onPostgres } from '../support/test-database';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The eligibility rule is written as a function and as SQL side by side; here both
 * must pick the same people, for every combination of the table's inputs around W.
 */
describe(`eligibility: the function and the SQL agree (${onPostgres ? 'PostgreSQL' : 'SQLite'})`, () => {
  let testApp: TestApp;
  let identity: TestIdentity;
  const people: Person[] = [];

  beforeAll(async () => {
    testApp = await startTestApp();
    identity = await seedIdentity(testApp.app);
    const dates = [null, '2026-02-27', '2026-02-28', '2026-03-01', '2025-12-31'];
    const now = new Date();
    const base = { organisationId: identity.organisationId, firstName: 'P', lastName: 'Q', email: null, dateOfBirth: null, createdAt: now, updatedAt: now };
    for (const systemStatus of SYSTEM_STATUSES) {
      for (const date of dates) {
        for (const learningStatus of LEARNING_STATUSES) {
          people.push({ ...base, id: randomUUID(), type: 'learner', systemStatus, learningStatus, startDate: null, endDate: date, applicationStatus: null, closedOn: null });
        }
        for (const applicationStatus of APPLICATION_STATUSES) {
          people.push({ ...base, id: randomUUID(), type: 'applicant', systemStatus, learningStatus: null, startDate: null, endDate: null, applicationStatus, closedOn: date });
        }
      }
    }
    // One of another organisation, eligible there, never here.
    people.push({ ...people[0], id: randomUUID(), organisationId: identity.otherOrganisationId, systemStatus: 'Live', learningStatus: 'InLearning' });
    await testApp.app.get(DataSource).getRepository(Person).insert(people);
  });

  afterAll(() => testApp.close());

  it('pages through exactly the people the function calls eligible, at W = 2026-02-28 (31 March)', async () => {
    const windowStart = syncWindowStart(new Date('2026-03-31T12:00:00Z'));
    expect(windowStart).toBe('2026-02-28');
    const directory = testApp.app.get(PeopleService);
    const seen: string[] = [];
    let afterId: string | null = null;
    for (;;) {
      const page = await directory.pageSyncCandidates(identity.organisationId, windowStart, { afterId, limit: 7 });
      if (page.length === 0) break;
      expect(page.every((p) => p.eligibleForSync && p.organisationId === identity.organisationId)).toBe(true);
      seen.push(...page.map((p) => p.id));
      afterId = page[page.length - 1].id;
    }
    const expected = people.filter((p) => p.organisationId === identity.organisationId && eligibilityOf(p, windowStart).eligible).map((p) => p.id);
    expect(expected.length).toBeGreaterThan(10);
    expect(seen.sort()).toEqual(expected.sort());
  });

  it('reports eligibility and the reason for one person', async () => {
    const archived = people.find((p) => p.systemStatus === 'Archived')!;
    const found = await testApp.app.get(PeopleService).getPerson(identity.organisationId, archived.type, archived.id, '2026-02-28');
    expect(found).toMatchObject({ eligibleForSync: false, notEligibleBecause: 'Archived in PICS.' });
    expect(await testApp.app.get(PeopleService).getPerson(identity.otherOrganisationId, archived.type, archived.id, '2026-02-28')).toBeNull();
  });
});
