import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { PeopleService } from '../../apps/picsweb/src/people/people.service';
import { Person } from '../../apps/picsweb/src/people/person.entity';
import { WHOLE_READ_PAGE } from '../../libs/bksb-integration/src/services/eligible-pages';
import { BksbFixture, startBksbFixture } from '../support/bksb-fixture';
import { onPostgres } from '../support/test-database';

const B = '/api/integrations/bksb';
/** More than two pages of the directory, so a read has two gaps between pages. */
const ORGANISATION_SIZE = 2 * WHOLE_READ_PAGE + 100;
/** An id that sorts before every random one: a person added behind the read. */
const FIRST_ID = '00000000-0000-4000-8000-000000000000';

interface Changes {
  allAlong: () => string[];
  left: string[];
  joined: string[];
}

/**
 * Reads of the whole organisation (the downloads, a bulk action for everyone) go by id,
 * a page after the last id read, and send the CSV as they read: checked through a spy
 * on the host's people directory that changes the organisation between pages.
 */
describe(`reads of the whole organisation (${onPostgres ? 'PostgreSQL' : 'SQLite'})`, () => {
  let f: BksbFixture;
  let data: DataSource;
  let directory: PeopleService;

  /** Eligible learners without a bksb account (and without an email, so a bulk link skips them without calling bksb). */
  const learners = (count: number, lastName: (i: number) => string, id: () => string = randomUUID): Person[] => {
    const now = new Date();
    return Array.from({ length: count }, (_, i) => ({
      id: id(),
      organisationId: f.identity.organisationId,
      type: 'learner',
      firstName: 'Whole',
      lastName: lastName(i),
      email: null,
      dateOfBirth: null,
      systemStatus: 'Live',
      learningStatus: 'InLearning',
      startDate: null,
      endDate: null,
      applicationStatus: null,
      closedOn: null,
      createdAt: now,
      updatedAt: now,
    }));
  };
  const learnerIds = async () => ((await data.query(`SELECT id FROM people WHERE organisation_id = '${f.identity.organisationId}' AND person_type = 'learner'`)) as Array<{ id: string }>).map((row) => row.id);

  /**
   * Between pages of the read, whichever way it pages: after the first page a person
   * already read leaves; after the second one joins who sorts first (by id and by name)
   * and one who sorts last. Returns who was there all along, who left and who joined.
   */
  async function changingBetweenPages(): Promise<Changes & { restore: () => void }> {
    const before = await learnerIds();
    const removed: string[] = [];
    const [first, last] = [learners(1, () => 'Aaaa', () => FIRST_ID)[0], learners(1, () => 'Zzzz')[0]];
    let pages = 0;
    const between = async (page: Array<{ id: string }>) => {
      pages += 1;
      if (pages === 1) {
        removed.push(page[page.length - 2].id);
        await data.getRepository(Person).delete({ id: removed[0] });
      } else if (pages === 2) {
        await data.getRepository(Person).insert([first, last]);
      }
    };
    const keyset = jest.spyOn(directory, 'pageSyncCandidates').mockImplementation(async function (this: PeopleService, ...args) {
      const page = await PeopleService.prototype.pageSyncCandidates.apply(this, args);
      await between(page);
      return page;
    });
    const offset = jest.spyOn(directory, 'pageEligible').mockImplementation(async function (this: PeopleService, ...args) {
      const page = await PeopleService.prototype.pageEligible.apply(this, args);
      await between(page.items);
      return page;
    });
    return {
      allAlong: () => before.filter((id) => !removed.includes(id)),
      left: removed,
      joined: [first.id, last.id],
      restore: () => {
        keyset.mockRestore();
        offset.mockRestore();
      },
    };
  }

  /** Nobody there all along is missing, nobody is there twice, and nobody else is there but who came or went meanwhile. */
  const expectEachOnce = (read: string[], changes: Changes) => {
    expect(read.filter((id, i) => read.indexOf(id) !== i)).toEqual([]);
    const allAlong = changes.allAlong();
    expect(allAlong.filter((id) => !read.includes(id))).toEqual([]);
    expect(read.filter((id) => !allAlong.includes(id) && !changes.left.includes(id) && !changes.joined.includes(id))).toEqual([]);
  };

  beforeAll(async () => {
    f = await startBksbFixture();
    data = f.testApp.app.get(DataSource);
    directory = f.testApp.app.get(PeopleService);
    const people = learners(ORGANISATION_SIZE, (i) => `Person ${String(i).padStart(4, '0')}`);
    for (let start = 0; start < people.length; start += 100) await data.getRepository(Person).insert(people.slice(start, start + 100));
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await data.getRepository(Person).delete({ id: FIRST_ID });
  });

  afterAll(() => f.close());

  it('downloads the unmatched report with each person once while people come and go between pages', async () => {
    const changes = await changingBetweenPages();
    const response = await f.as('staff').get(`${B}/unmatched?format=csv`).expect(200);
    changes.restore();
    const ids = response.text.trim().split('\r\n').slice(1).map((row) => row.split(',').at(-1)!);
    expectEachOnce(ids, changes);
  });

  it('starts a bulk action for everyone with each person once while people come and go between pages', async () => {
    const changes = await changingBetweenPages();
    // Before: a person read twice broke the job's unique key and was refused as "Another bulk action has just started".
    const started = await f.as('staff').post(`${B}/bulk-actions`, { action: 'link-suggested', people: { all: true } });
    changes.restore();
    expect(started.status).toBe(202);
    const items = (await data.query(`SELECT person_id FROM bksb_bulk_job_items WHERE job_id = '${started.body.id}'`)) as Array<{ person_id: string }>;
    expectEachOnce(
      items.map((item) => item.person_id),
      changes,
    );
    for (let i = 0; i < 400 && (await f.as('staff').get(`${B}/bulk-actions/${started.body.id}`).expect(200)).body.status === 'running'; i += 1) await sleep(25);
  });

  it('sends the CSV as it reads: pages of at most one page size, the first sent before the second is read', async () => {
    const everyone = (await learnerIds()).length;
    let firstBytes: () => void = () => undefined;
    const firstBytesArrived = new Promise<void>((resolve) => (firstBytes = resolve));
    const limits: number[] = [];
    let sentBeforeSecondRead: boolean | null = null;
    jest.spyOn(directory, 'pageSyncCandidates').mockImplementation(async function (this: PeopleService, ...args) {
      limits.push(args[2].limit);
      // Waits (a while, not for ever: a download sent at the end would never come) for the client to have the first page.
      if (limits.length === 2) sentBeforeSecondRead = await Promise.race([firstBytesArrived.then(() => true), sleep(3000).then(() => false)]);
      return PeopleService.prototype.pageSyncCandidates.apply(this, args);
    });
    const response = await f.as('staff')
      .get(`${B}/unmatched?format=csv`)
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
          firstBytes();
        });
        res.on('end', () => done(null, text));
      })
      .expect(200);
    expect(sentBeforeSecondRead).toBe(true);
    expect(limits).toEqual(Array.from({ length: Math.ceil((everyone + 1) / WHOLE_READ_PAGE) }, () => WHOLE_READ_PAGE));
    expect((response.body as string).trim().split('\r\n')).toHaveLength(1 + everyone);
  });

  it('counts the levels and writes their CSV a page at a time, everyone once', async () => {
    const limits: number[] = [];
    jest.spyOn(directory, 'pageSyncCandidates').mockImplementation(async function (this: PeopleService, ...args) {
      limits.push(args[2].limit);
      return PeopleService.prototype.pageSyncCandidates.apply(this, args);
    });
    const everyone = await learnerIds();
    const counts = (await f.as('staff').get(`${B}/levels`).expect(200)).body as Record<string, Record<string, number>>;
    expect(counts.english.none).toBe(everyone.length);
    const csv = await f.as('staff').get(`${B}/levels?format=csv`).expect(200);
    expect(
      csv.text
        .trim()
        .split('\r\n')
        .slice(1)
        .map((row) => row.split(',').at(-1))
        .sort(),
    ).toEqual(everyone.sort());
    expect(limits.length).toBe(2 * Math.ceil((everyone.length + 1) / WHOLE_READ_PAGE));
    expect(limits.every((limit) => limit === WHOLE_READ_PAGE)).toBe(true);
  });
});
