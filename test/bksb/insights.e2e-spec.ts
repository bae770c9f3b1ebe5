import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { MailService, VALUES_TRIES } from '../../apps/picsweb/src/mail/mail.service';
import { BksbFixture, LOGIN_URL, startBksbFixture } from '../support/bksb-fixture';
import { onPostgres } from '../support/test-database';

const B = '/api/integrations/bksb';
const LEVELS = ['BelowE1', 'E1', 'E2', 'E3', 'L1', 'L2', 'L3'] as const;
type Level = (typeof LEVELS)[number];
const SANDBOX_LEVEL: Record<Level, 'Below Entry 1' | 'Entry 1' | 'Entry 2' | 'Entry 3' | 'Level 1' | 'Level 2' | 'Level 3'> = {
  BelowE1: 'Below Entry 1',
  E1: 'Entry 1',
  E2: 'Entry 2',
  E3: 'Entry 3',
  L1: 'Level 1',
  L2: 'Level 2',
  L3: 'Level 3',
};
const COURSES = { english: 'ENG_NEW', maths: 'MATHS_NEW', ict: 'DIGITAL' } as const;
type SubjectKey = keyof typeof COURSES;

/** A CSV body as rows of cells (the test's own reading: quoted cells, doubled quotes, CRLF line ends). */
function csvRows(text: string): string[][] {
  expect(text.startsWith('\uFEFF')).toBe(true);
  const cell = /("(?:[^"]|"")*"|[^,\r\n]*)(,|\r\n)/g;
  const rows: string[][] = [];
  let row: string[] = [];
  for (const [, value, end] of text.slice(1).matchAll(cell)) {
    row.push(value.startsWith('"') ? value.slice(1, -1).replace(/""/g, '"') : value);
    if (end === '\r\n') {
      rows.push(row);
      row = [];
    }
  }
  return rows;
}

/** The text of a quoted-printable email as the reader sees it. */
const decoded = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));

describe(`the chase list, the cohort's levels and their CSV (${onPostgres ? 'PostgreSQL' : 'SQLite'})`, () => {
  let f: BksbFixture;
  /** Every initial result given to anyone in this file, by person: the test's own record for counting levels. */
  const resultsOf = new Map<string, Partial<Record<SubjectKey, Array<[Level, string]>>>>();
  const addResult = (person: { id: string; userId: number }, subject: SubjectKey, level: Level, date: string) => {
    const results = resultsOf.get(person.id) ?? {};
    (results[subject] ??= []).push([level, date]);
    resultsOf.set(person.id, results);
    f.sandbox.addResult(person.userId, { kind: 'initial', courseSubject: COURSES[subject], level: SANDBOX_LEVEL[level], resultDate: date });
  };

  const syncNow = async () => {
    const { runId } = (await f.as('staff').post(`${B}/sync`).expect(202)).body as { runId: string };
    for (let i = 0; i < 400; i += 1) {
      const run = (await f.as('staff').get(`${B}/sync-runs/${runId}`).expect(200)).body as { status: string; failureCount: number };
      if (run.status !== 'running') return run;
      await sleep(25);
    }
    throw new Error(`run ${runId} did not finish`);
  };
  /** A person linked to a new bksb user (made by PICSWeb, so login details can be sent); returns both ids. */
  const linkedPerson = async (type: 'learners' | 'applicants', firstName: string, lastName: string) => {
    const email = `${firstName.replace(/\W/g, '').toLowerCase() || 'x'}.${randomUUID().slice(0, 8)}@example.org`;
    const id = await f.person(type, { firstName, lastName, email });
    await f.as('staff').post(`${B}/${type}/${id}/account`, {}).expect(201);
    return { id, userId: f.sandbox.findUser(email)!.userId, email };
  };
  const sessionCalls = (userId: number) =>
    f.sandbox
      .requestLog()
      .filter((entry) => entry.endpoint === 'sessions' && new URL(entry.url, 'http://x').searchParams.get('userId') === String(userId))
      .map((entry) => new URL(entry.url, 'http://x').searchParams.get('courseSubject'));

  beforeAll(async () => {
    f = await startBksbFixture({ smtp: true, env: { BKSB_SYNC_CRON: '0 3 * * *' } });
  });

  afterAll(() => f.close());

  describe('the chase list', () => {
    let people: Record<'fresh' | 'started' | 'englishDone' | 'bothDone' | 'applicant' | 'unfinishedButFinished', { id: string; userId: number; email: string }>;

    beforeAll(async () => {
      people = {
        fresh: await linkedPerson('learners', 'Nora', 'Fresh'),
        started: await linkedPerson('learners', 'Sam', 'Started'),
        englishDone: await linkedPerson('learners', 'Eve', 'English'),
        bothDone: await linkedPerson('learners', 'Bo', 'Both'),
        applicant: await linkedPerson('applicants', 'Abe', 'Applicant'),
        unfinishedButFinished: await linkedPerson('learners', 'Fin', 'Ished'),
      };
      // Sam has begun English and not finished it.
      f.sandbox.addSession(people.started.userId, { courseSubject: 'ENG_NEW', dateStarted: '2026-09-10T10:00:00', dateCompleted: null });
      // Eve has an English result (its session is finished too); Bo has both.
      addResult(people.englishDone, 'english', 'E3', '2026-09-11T10:00:00');
      addResult(people.bothDone, 'english', 'L1', '2026-09-12T10:00:00');
      addResult(people.bothDone, 'maths', 'L1', '2026-09-12T10:00:00');
      // Fin finished a Maths session whose result bksb has not published yet: nothing left to chase in Maths.
      f.sandbox.addSession(people.unfinishedButFinished.userId, { courseSubject: 'MATHS_NEW', dateStarted: '2026-09-13T10:00:00', dateCompleted: '2026-09-13T11:00:00' });
      f.sandbox.reset();
      expect((await syncNow()).failureCount).toBe(0);
    });

    it('shows each person in the right column, longest waiting first, and leaves out who has done both', async () => {
      await f.testApp.app.get(MailService).deliverDue();
      const { body } = await f.as('staff').get(`${B}/chase-list`).expect(200);
      const row = (id: string) => body.items.find((item: { id: string }) => item.id === id);
      expect(body.items.map((item: { id: string }) => item.id)).toEqual(
        [people.fresh, people.started, people.englishDone, people.applicant, people.unfinishedButFinished].map((p) => p.id),
      );
      expect(body).toMatchObject({ total: 5, page: 1, pageSize: 50 });
      expect(row(people.fresh.id)).toEqual({
        personType: 'learner',
        id: people.fresh.id,
        firstName: 'Nora',
        lastName: 'Fresh',
        email: people.fresh.email,
        accountSince: expect.any(String),
        loginDetailsSentAt: expect.any(String),
        loginDetails: { state: 'sent', queuedAt: expect.any(String), sentAt: row(people.fresh.id).loginDetailsSentAt, failure: null, withoutAutoLoginLink: false },
        createdByPics: true,
        english: 'not-started',
        maths: 'not-started',
      });
      expect(row(people.started.id)).toMatchObject({ english: 'started', maths: 'not-started' });
      expect(row(people.englishDone.id)).toMatchObject({ english: 'done', maths: 'not-started' });
      expect(row(people.unfinishedButFinished.id)).toMatchObject({ english: 'not-started', maths: 'done' });
      expect(row(people.bothDone.id)).toBeUndefined();
    });

    it('asks bksb for the sessions of a subject only while it has no result', async () => {
      expect(sessionCalls(people.fresh.userId).sort()).toEqual(['ENG_NEW', 'MATHS_NEW']);
      expect(sessionCalls(people.englishDone.userId)).toEqual(['MATHS_NEW']);
      expect(sessionCalls(people.bothDone.userId)).toEqual([]);
      const run = (await f.as('staff').get(`${B}/sync-runs?limit=1`).expect(200)).body[0];
      // Each session look-up is a call of the run, against the organisation's limits.
      expect(run.apiCalls).toBe(f.sandbox.metrics().totalCalls);
    });

    it('filters by person type and by subject', async () => {
      const ids = async (query: string) => (await f.as('staff').get(`${B}/chase-list?${query}`).expect(200)).body.items.map((item: { id: string }) => item.id);
      expect(await ids('personType=applicant')).toEqual([people.applicant.id]);
      expect(await ids('subject=english')).not.toContain(people.englishDone.id);
      expect(await ids('subject=english')).toContain(people.unfinishedButFinished.id);
      expect(await ids('subject=maths')).toEqual(expect.arrayContaining([people.englishDone.id, people.started.id]));
      expect(await ids('subject=maths')).not.toContain(people.unfinishedButFinished.id);
      const refused = await f.as('staff').get(`${B}/chase-list?subject=ict`).expect(400);
      expect(refused.body.errors).toEqual([{ field: 'subject', message: 'subject must be english or maths.' }]);
    });

    it('moves a person on as bksb moves on, at the next sync', async () => {
      addResult(people.started, 'english', 'E2', '2026-09-20T10:00:00');
      await syncNow();
      const item = (await f.as('staff').get(`${B}/chase-list`).expect(200)).body.items.find((i: { id: string }) => i.id === people.started.id);
      expect(item).toMatchObject({ english: 'done', maths: 'not-started' });
    });

    it('answers CSV for ?format=csv and Accept: text/csv, with a header, UK dates and a formula made safe', async () => {
      const formula = await linkedPerson('learners', '=HYPERLINK("http://evil.example")', 'Formula');
      const byQuery = await f.as('staff').get(`${B}/chase-list?format=csv`).expect(200);
      expect(byQuery.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(byQuery.headers['content-disposition']).toMatch(/^attachment; filename="bksb-chase-list-\d{4}-\d{2}-\d{2}\.csv"$/);
      const rows = csvRows(byQuery.text);
      expect(rows[0]).toEqual(['Last name', 'First name', 'Type', 'Email', 'English', 'Maths', 'Account since', 'Login details sent', 'PICSWeb id']);
      const row = rows.find((cells) => cells[8] === formula.id)!;
      expect(row.slice(0, 6)).toEqual(['Formula', `'=HYPERLINK("http://evil.example")`, 'Learner', formula.email, 'Not checked yet', 'Not checked yet']);
      expect(row[6]).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
      expect(byQuery.text).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
      const byAccept = await f.as('staff').get(`${B}/chase-list`).set('accept', 'text/csv').expect(200);
      expect(byAccept.text).toBe(byQuery.text);
      expect(rows).toHaveLength(1 + 6);
    });
  });

  describe("the cohort's levels", () => {
    /** The people seeded here, with their initial results per subject: [level, UK local time]. */
    const seeded: Array<{ id: string; type: 'learner' | 'applicant'; results: Partial<Record<SubjectKey, Array<[Level, string]>>> }> = [];
    let random = 17;
    const next = (n: number) => {
      random = (random * 1103515245 + 12345) % 2 ** 31;
      return random % n;
    };

    beforeAll(async () => {
      for (let i = 0; i < 24; i += 1) {
        const type = i % 4 === 3 ? 'applicants' : 'learners';
        const person = await linkedPerson(type, 'Level', `Person ${String(i).padStart(2, '0')}`);
        for (const subject of Object.keys(COURSES) as SubjectKey[]) {
          const count = next(3);
          for (let r = 0; r < count; r += 1) {
            const date = `2026-${String(8 + r * 2 + next(2)).padStart(2, '0')}-${String(1 + next(27)).padStart(2, '0')}T${String(9 + next(8)).padStart(2, '0')}:00:00`;
            addResult(person, subject, LEVELS[next(LEVELS.length)], date);
          }
        }
        seeded.push({ id: person.id, type: type === 'learners' ? 'learner' : 'applicant', results: resultsOf.get(person.id) ?? {} });
      }
      await syncNow();
    });

    /** The test's own count: every eligible person of the type, by the chosen result within the dates. */
    const expected = async (type: 'learner' | 'applicant', measure: 'latest' | 'best', from = '0000', until = '9999') => {
      const counts = Object.fromEntries(
        (Object.keys(COURSES) as SubjectKey[]).map((subject) => [subject, Object.fromEntries([...LEVELS, 'none'].map((level) => [level, 0]))]),
      ) as Record<SubjectKey, Record<Level | 'none', number>>;
      // Everyone of the type in this file is eligible; those given no result count as none.
      const everyone = (await f.testApp.app.get(DataSource).query(`SELECT id FROM people WHERE person_type = '${type}' AND organisation_id = '${f.identity.organisationId}'`)) as Array<{ id: string }>;
      for (const { id } of everyone) {
        for (const subject of Object.keys(COURSES) as SubjectKey[]) {
          const results = (resultsOf.get(id)?.[subject] ?? []).filter(([, date]) => date >= from && date < until);
          const chosen =
            measure === 'latest'
              ? [...results].sort((a, b) => b[1].localeCompare(a[1]))[0]
              : [...results].sort((a, b) => LEVELS.indexOf(b[0]) - LEVELS.indexOf(a[0]) || b[1].localeCompare(a[1]))[0];
          counts[subject][chosen?.[0] ?? 'none'] += 1;
        }
      }
      return counts;
    };

    it('counts eligible learners and, separately, applicants by the level of their latest initial result', async () => {
      expect((await f.as('staff').get(`${B}/levels`).expect(200)).body).toEqual(await expected('learner', 'latest'));
      expect((await f.as('staff').get(`${B}/levels?personType=learner`).expect(200)).body).toEqual(await expected('learner', 'latest'));
      expect((await f.as('staff').get(`${B}/levels?personType=applicant`).expect(200)).body).toEqual(await expected('applicant', 'latest'));
    });

    it('counts the best results instead, and only results completed within the dates', async () => {
      expect((await f.as('staff').get(`${B}/levels?measure=best`).expect(200)).body).toEqual(await expected('learner', 'best'));
      // UK dates, inclusive at both ends: from the first of September to the last of October.
      const autumn = (await f.as('staff').get(`${B}/levels?from=2026-09-01&to=2026-10-31&measure=latest`).expect(200)).body;
      expect(autumn).toEqual(await expected('learner', 'latest', '2026-09-01', '2026-11-01'));
    });

    it('refuses dates that are not dates or are the wrong way round', async () => {
      const notADate = await f.as('staff').get(`${B}/levels?from=2026-02-30`).expect(400);
      expect(notADate.body.errors).toEqual([{ field: 'from', message: 'from must be a date as YYYY-MM-DD, e.g. 2026-09-01.' }]);
      const backwards = await f.as('staff').get(`${B}/levels?from=2026-10-01&to=2026-09-01`).expect(400);
      expect(backwards.body.errors).toEqual([{ field: 'to', message: 'to must be on or after the from date.' }]);
    });

    it('gives one CSV row per person with the latest and best level of each subject', async () => {
      const response = await f.as('staff').get(`${B}/levels?format=csv`).expect(200);
      const [header, ...rows] = csvRows(response.text);
      expect(header).toEqual([
        'Last name',
        'First name',
        'Type',
        ...['English', 'Maths', 'ICT'].flatMap((subject) => [`${subject} latest`, `${subject} latest completed`, `${subject} best`, `${subject} best completed`]),
        'PICSWeb id',
      ]);
      const learners = await f.testApp.app.get(DataSource).query(`SELECT id FROM people WHERE person_type = 'learner' AND organisation_id = '${f.identity.organisationId}'`);
      expect(rows).toHaveLength(learners.length);
      const person = seeded.find((p) => p.type === 'learner' && (p.results.english?.length ?? 0) === 2)!;
      const [first, second] = person.results.english!;
      const [latest] = [first, second].sort((a, b) => b[1].localeCompare(a[1]));
      const row = rows.find((cells) => cells[cells.length - 1] === person.id)!;
      expect(row[3]).toBe(SANDBOX_LEVEL[latest[0]]);
      expect(row[4]).toBe(`${latest[1].slice(8, 10)}/${latest[1].slice(5, 7)}/${latest[1].slice(0, 4)}`);
    });

    it('shows the latest and the best initial result per subject on the person', async () => {
      const person = seeded.find((p) => (p.results.maths?.length ?? 0) === 2)!;
      const panel = (await f.as('staff').get(`${B}/${person.type}s/${person.id}`).expect(200)).body;
      const [best] = [...person.results.maths!].sort((a, b) => LEVELS.indexOf(b[0]) - LEVELS.indexOf(a[0]) || b[1].localeCompare(a[1]));
      expect(panel.best.maths).toMatchObject({ subject: 'Maths', level: best[0], kind: 'initial' });
      const [latest] = [...person.results.maths!].sort((a, b) => b[1].localeCompare(a[1]));
      expect(panel.latest.initial.maths).toMatchObject({ level: latest[0] });
    });
  });

  describe('the unmatched report as CSV', () => {
    it('lists everyone without an account, formulas made safe, without asking bksb', async () => {
      const id = await f.person('learners', { firstName: '@SUM(1+1)', lastName: '-Minus', email: 'plus+tag@example.org' });
      f.sandbox.reset();
      const response = await f.as('staff').get(`${B}/unmatched`).set('accept', 'text/csv').expect(200);
      const rows = csvRows(response.text);
      expect(rows[0]).toEqual(['Last name', 'First name', 'Type', 'Email', 'PICSWeb id']);
      expect(rows.find((cells) => cells[4] === id)).toEqual(["'-Minus", "'@SUM(1+1)", 'Learner', 'plus+tag@example.org', id]);
      expect(f.sandbox.metrics().totalCalls).toBe(0);
    });
  });

  describe('login details with the auto-login link', () => {
    const mailFor = async (email: string) => {
      await f.testApp.app.get(MailService).deliverDue();
      return decoded(f.smtp!.received.filter((message) => message.includes(email)).at(-1)!);
    };

    afterAll(async () => {
      f.sandbox.setQuirks({ autoLoginLinkBody: 'string' });
      await f.as('admin').put(`${B}/settings`, { includeAutoLoginLink: false }).expect(200);
    });

    it('is off by default, and then the email has no link', async () => {
      expect((await f.as('admin').get(`${B}/settings`).expect(200)).body.includeAutoLoginLink).toBe(false);
      const person = await linkedPerson('learners', 'Nolink', 'Person');
      const message = await mailFor(person.email);
      expect(message).toContain('Password:');
      expect(message).not.toContain('/autologin/');
    });

    it('fetches the link when the email is sent, states its expiry, and never stores it', async () => {
      await f.as('admin').put(`${B}/settings`, { includeAutoLoginLink: true }).expect(200);
      f.sandbox.reset();
      const person = await linkedPerson('learners', 'Link', 'Person');
      const message = await mailFor(person.email);
      const outbox = (await f.as('admin').get('/api/mail-outbox?pageSize=200').expect(200)).body.items.filter((m: { to: string }) => m.to === person.email);
      expect(message).toMatch(new RegExp(`http://127\\.0\\.0\\.1:\\d+/autologin/${person.userId}/[0-9a-f]+`));
      expect(message).toContain('The link works for a short time only; after that, log in with your user name and password.');
      // Asked once, by the delivery (which starts as soon as the email is queued).
      expect(f.sandbox.metrics().calls.autoLoginLink).toBe(1);
      expect(outbox[0]).toMatchObject({ status: 'sent', text: expect.stringContaining('••••••••') });
      const stored = await f.testApp.app.get(DataSource).query(`SELECT text_body, html_body FROM mail_messages WHERE to_address = '${person.email}'`);
      expect(JSON.stringify(stored)).not.toContain('/autologin/');

      // Sent again from the chase list: a fresh link, with its expiry when bksb states one.
      f.sandbox.setQuirks({ autoLoginLinkBody: 'object' });
      await f.as('staff').post(`${B}/learners/${person.id}/invite`).expect(200);
      expect(await mailFor(person.email)).toMatch(/The link works until \d{1,2} \w{3,4} \d{4}, \d{2}:\d{2} \(UK time\)/);
    });

    it('with bksb failing every link request, sends the email without the link within its tries, saying how to sign in', async () => {
      f.sandbox.injectFault({ kind: 'http503', endpoint: 'autoLoginLink', rate: 1 });
      try {
        const person = await linkedPerson('learners', 'Later', 'Person');
        const arrived = () => f.smtp!.received.filter((message) => message.includes(person.email));
        const panel = async () => (await f.as('staff').get(`${B}/learners/${person.id}`).expect(200)).body.account;
        // The first try (queueing starts one) finds no link: the email waits.
        expect((await panel()).loginDetails).toMatchObject({ state: 'queued', sentAt: null });
        expect(arrived()).toHaveLength(0);

        for (let tries = 1; tries < VALUES_TRIES; tries += 1) await f.testApp.app.get(MailService).deliverDue();
        const message = await mailFor(person.email);
        expect(arrived()).toHaveLength(1);
        expect(message).not.toContain('/autologin/');
        expect(message).not.toContain('{{secret');
        expect(message).toContain(`We could not include a sign-in link this time. Sign in at ${LOGIN_URL} with the user name and password above.`);
        const [mail] = (await f.as('admin').get('/api/mail-outbox?pageSize=200').expect(200)).body.items.filter((m: { to: string }) => m.to === person.email);
        expect(mail).toMatchObject({ status: 'sent', withoutValues: true });
        const account = await panel();
        expect(account.loginDetails).toMatchObject({ state: 'sent', withoutAutoLoginLink: true, sentAt: mail.sentAt });
        expect(account.loginDetailsSentAt).toBe(mail.sentAt);
      } finally {
        f.sandbox.clearFaults();
      }
    });
  });
});
