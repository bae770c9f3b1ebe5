import { randomUUID } from 'node:crypto';
import { BksbFixture, startBksbFixture } from '../support/bksb-fixture';
import { eventually } from '../support/eventually';
import { onPostgres } from '../support/test-database';
import { SyncRunJson } from '../support/sync-run-json';

const B = '/api/integrations/bksb';
const MATHS = ['Using numbers and the number system', 'Using common measures, shape and space', 'Handling information and data'];

describe(`skills from diagnostic component data (${onPostgres ? 'PostgreSQL' : 'SQLite'})`, () => {
  let f: BksbFixture;

  const syncNow = async (): Promise<SyncRunJson> => {
    const runId = (await f.as('staff').post(`${B}/sync`).expect(202)).body.runId as string;
    return eventually(`run ${runId} to finish`, async () => {
      const run = (await f.as('staff').get(`${B}/sync-runs/${runId}`).expect(200)).body as SyncRunJson;
      return run.status !== 'running' && run;
    });
  };

  /** A person linked to a new sandbox user with initial English and Maths results (so the sync reads no sessions). */
  const linkedPerson = async (type: 'learners' | 'applicants' = 'learners', firstName = 'Skye') => {
    const user = f.sandbox.createUser({ username: `skills-${randomUUID().slice(0, 8)}` });
    f.sandbox.addResult(user.userId, { kind: 'initial', courseSubject: 'ENG_NEW', level: 'Level 1' });
    f.sandbox.addResult(user.userId, { kind: 'initial', courseSubject: 'MATHS_NEW', level: 'Level 1' });
    const id = await f.person(type, { firstName, lastName: `Skills-${randomUUID().slice(0, 4)}` });
    await f.as('staff').put(`${B}/${type}/${id}/account`, { username: user.username }).expect(200);
    return { id, userId: user.userId };
  };
  const mathsDiagnostic = (userId: number, sessionId: number, resultDate: string, measured: string[]) =>
    f.sandbox.addResult(userId, {
      kind: 'diagnostic',
      courseSubject: 'MATHS_NEW',
      assessmentName: 'Maths Diagnostic Level 1',
      resultDate,
      sessionId,
      components: measured.map((text, i) => ({ name: MATHS[i], measured: text })),
    });

  beforeAll(async () => {
    f = await startBksbFixture({ env: { BKSB_SYNC_CRON: '0 3 * * *' } });
    await f.as('admin').put(`${B}/settings`, { downloadDiagnosticResults: true }).expect(200);
  });

  afterAll(() => f.close());

  beforeEach(() => f.sandbox.reset());

  it('reads a finished diagnostic session once, and shows a level, a percentage and an unknown text each as they are, gaps first and weakest first', async () => {
    const { id, userId } = await linkedPerson();
    await syncNow();
    f.sandbox.reset();
    f.sandbox.addResult(userId, {
      kind: 'diagnostic',
      courseSubject: 'MATHS_NEW',
      assessmentName: 'Maths Diagnostic Level 1',
      resultDate: '2026-10-09T11:02:44',
      sessionId: 81001,
      components: [
        { name: 'Handling information and data', measured: 'Working towards' },
        { name: 'Using common measures, shape and space', measured: '45%' },
        { name: 'Using numbers and the number system', measured: 'Entry 2' },
        { name: 'Fractions', measured: 'Level 2' },
      ],
    });
    const first = await syncNow();
    expect(first.status).toBe('succeeded');
    expect(f.sandbox.metrics().calls.components).toBe(1);
    // initial + diagnostic results, and the one component read, all counted in the run.
    expect(first.apiCalls).toBe(3);
    const skills = (await f.as('staff').get(`${B}/learners/${id}/skills`).expect(200)).body;
    expect(skills).toEqual({
      subjects: [
        {
          subject: 'Maths',
          sessionId: 81001,
          assessmentName: 'Maths Diagnostic Level 1',
          measuredAt: '2026-10-09T10:02:44.000Z',
          noBreakdown: false,
          components: [
            { name: 'Using numbers and the number system', measured: 'Entry 2', level: 'E2', percent: null, gap: true },
            { name: 'Using common measures, shape and space', measured: '45%', level: null, percent: 45, gap: true },
            { name: 'Fractions', measured: 'Level 2', level: 'L2', percent: null, gap: false },
            { name: 'Handling information and data', measured: 'Working towards', level: null, percent: null, gap: false },
          ],
        },
      ],
    });

    f.sandbox.reset();
    const second = await syncNow();
    expect(f.sandbox.metrics().calls.components).toBe(0);
    expect(second.apiCalls).toBe(2);
  });

  it('shows a session bksb gave no components for as no breakdown, and does not ask again', async () => {
    const { id, userId } = await linkedPerson();
    mathsDiagnostic(userId, 82001, '2026-10-01T09:00:00', ['Entry 3', 'Entry 3', 'Entry 3']);
    f.sandbox.injectFault({ kind: 'noComponents', endpoint: 'components' });
    expect((await syncNow()).status).toBe('succeeded');
    const skills = (await f.as('staff').get(`${B}/learners/${id}/skills`).expect(200)).body;
    expect(skills.subjects).toEqual([expect.objectContaining({ subject: 'Maths', sessionId: 82001, components: [], noBreakdown: true })]);
    f.sandbox.reset();
    await syncNow();
    expect(f.sandbox.metrics().calls.components).toBe(0);
  });

  it("counts the cohort's latest diagnostics per component and level, most gaps first, within the dates, as CSV too", async () => {
    // Each learner: an older diagnostic (not counted: only the latest is) and a latest one.
    const latest: string[][] = [
      ['Entry 3', 'Level 1', '30%'],
      ['E2', 'Level 2', '80%'],
      ['Entry 3', 'Entry 3', 'Working towards'],
      ['Level 1', 'Below Entry 1', '49'],
    ];
    const learnerIds: string[] = [];
    for (const [index, measured] of latest.entries()) {
      const { id, userId } = await linkedPerson('learners', `Cohort${index}`);
      learnerIds.push(id);
      mathsDiagnostic(userId, 83000 + index * 10, '2026-10-25T10:00:00', ['Level 2', 'Level 2', 'Level 2']);
      mathsDiagnostic(userId, 83001 + index * 10, `2026-11-0${index + 1}T10:00:00`, measured);
    }
    // An applicant is not a learner; a learner whose only diagnostic is before the dates is left out with them.
    const applicant = await linkedPerson('applicants');
    mathsDiagnostic(applicant.userId, 83100, '2026-11-02T10:00:00', ['Entry 1', 'Entry 1', 'Entry 1']);
    const early = await linkedPerson('learners', 'Early');
    mathsDiagnostic(early.userId, 83200, '2026-10-19T10:00:00', ['Entry 1', 'Entry 1', 'Entry 1']);
    expect((await syncNow()).status).toBe('succeeded');

    // Counted here by hand from `latest`, for learners only, from 20 October to November (earlier tests' diagnostics are before).
    const bucket = (text: string) => ({ 'Entry 3': 'E3', E2: 'E2', 'Level 1': 'L1', 'Level 2': 'L2', 'Below Entry 1': 'BelowE1' })[text] ?? 'other';
    const isGap = (text: string) => (/^\d+%?$/.test(text) ? parseInt(text, 10) < 50 : ['BelowE1', 'E1', 'E2', 'E3'].includes(bucket(text)));
    const expected = MATHS.map((name, i) => {
      const counts: Record<string, number> = { BelowE1: 0, E1: 0, E2: 0, E3: 0, L1: 0, L2: 0, L3: 0, other: 0 };
      for (const measured of latest) counts[bucket(measured[i])] += 1;
      return { name, counts, gaps: latest.filter((measured) => isGap(measured[i])).length };
    }).sort((a, b) => b.gaps - a.gaps || a.name.localeCompare(b.name));

    const cohort = (await f.as('staff').get(`${B}/skills?personType=learner&subject=maths&from=2026-10-20&to=2026-11-30`).expect(200)).body;
    expect(cohort).toEqual({ subject: 'Maths', people: latest.length, components: expected });
    expect(cohort.components.map((c: { gaps: number }) => c.gaps)).toEqual([3, 2, 2]);

    const applicants = (await f.as('staff').get(`${B}/skills?personType=applicant&subject=maths&from=2026-10-20`).expect(200)).body;
    expect(applicants.people).toBe(1);

    const csv = await f.as('staff').get(`${B}/skills?personType=learner&subject=maths&from=2026-10-20&to=2026-11-30&format=csv`).expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Component,Below Entry 1,Entry 1,Entry 2,Entry 3,Level 1,Level 2,Level 3,Other,Gaps');
    expect(lines.slice(1)).toEqual(expected.map((c) => [c.name.includes(',') ? `"${c.name}"` : c.name, ...Object.values(c.counts), c.gaps].join(',')));
    await f.as('staff').get(`${B}/skills?subject=maths&from=2026-10-31&to=2026-10-01`).expect(400);
  });

  it('makes a component name that starts a formula safe in the CSV, and answers 404 for an unknown person', async () => {
    const { userId } = await linkedPerson('learners', 'Formula');
    f.sandbox.addResult(userId, { kind: 'diagnostic', courseSubject: 'ENG_NEW', assessmentName: 'English Diagnostic Level 1', components: [{ name: '=HYPERLINK("x")', measured: 'Entry 1' }] });
    await syncNow();
    const csv = await f.as('staff').get(`${B}/skills?subject=english&format=csv`).expect(200);
    expect(csv.text).toContain(`"'=HYPERLINK(""x"")",0,1,`);
    await f.as('staff').get(`${B}/learners/${randomUUID()}/skills`).expect(404);
  });
});
