import { BksbSandbox, startBksbSandbox } from '@picsweb/bksb-sandbox';
import { LOCAL_DATE_TIME, callApi } from './support/sandbox-http';

const NOW = new Date('2026-11-20T10:00:00Z');

describe('bksb sandbox endpoints over loopback', () => {
  let sandbox: BksbSandbox;

  beforeAll(async () => {
    sandbox = await startBksbSandbox({ clock: () => NOW });
  });
  afterEach(() => sandbox.reset({ data: true }));
  afterAll(() => sandbox.close());

  it('listens on a loopback port and gives its address without /api', () => {
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  describe('POST users/createUser', () => {
    const form = {
      Username: 'Ann.Lee',
      Firstname: 'Ann',
      Lastname: 'Lee',
      Password: 'Welcome-1',
      Email: 'ann.lee@example.org',
      'DateOfBirth[Year]': '2004',
      'DateOfBirth[Month]': '3',
      'DateOfBirth[Day]': '17',
      'DateOfBirth[Hour]': '0',
      'DateOfBirth[Minute]': '0',
      'DateOfBirth[Second]': '0',
      'DateOfBirth[Millisecond]': '0',
      AutoEnrolCourses: 'true',
    };

    it('reads the form with the nested DateOfBirth and answers JSON with the new UserId', async () => {
      const answer = await callApi(sandbox, 'users/createUser', { form });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
      const body = JSON.parse(answer.text) as { UserId: number; Username: string };
      expect(body).toMatchObject({ UserId: expect.any(Number), Username: 'Ann.Lee' });
      expect(Number.isInteger(body.UserId)).toBe(true);
      expect(sandbox.findUser(body.UserId)).toMatchObject({
        username: 'Ann.Lee',
        email: 'ann.lee@example.org',
        dateOfBirth: '2004-03-17T00:00:00',
        autoEnrolCourses: true,
      });
    });

    it('keeps the raw form body so field names can be checked exactly', async () => {
      await callApi(sandbox, 'users/createUser', { form });
      const recorded = sandbox.lastRequest('createUser');
      expect(recorded?.body).toBe(new URLSearchParams(form).toString());
      expect(recorded?.body).toContain('DateOfBirth%5BYear%5D=2004');
      expect(recorded?.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(recorded?.headers.authorization).toBe(`Basic ${sandbox.key.accessKey}:[redacted]`);
    });

    it('creates a user without a date of birth, and with AutoEnrolCourses false', async () => {
      const answer = await callApi(sandbox, 'users/createUser', {
        form: { Username: 'bob', Firstname: 'Bob', Lastname: 'Ray', Password: 'pw', AutoEnrolCourses: 'false' },
      });
      expect(answer.status).toBe(200);
      expect(sandbox.findUser('bob')).toMatchObject({ dateOfBirth: null, autoEnrolCourses: false });
    });

    it('refuses a user name taken in another letter case with plain text and no UserId', async () => {
      sandbox.createUser({ username: 'ann.lee' });
      const answer = await callApi(sandbox, 'users/createUser', { form });
      expect(answer.status).toBe(400);
      expect(answer.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(answer.text).toBe("A user with the username 'Ann.Lee' already exists.");
      expect(answer.text).not.toContain('UserId');
      expect(sandbox.describe().users).toBe(1);
    });

    it('can refuse with status 200 and a plain message, when that quirk is set', async () => {
      sandbox.createUser({ username: 'ann.lee' });
      sandbox.setQuirks({ createUserRefusalStatus: 200 });
      const answer = await callApi(sandbox, 'users/createUser', { form });
      expect(answer.status).toBe(200);
      expect(() => JSON.parse(answer.text) as unknown).toThrow(SyntaxError);
    });

    it('refuses missing required fields with a plain message naming them', async () => {
      const answer = await callApi(sandbox, 'users/createUser', { form: { Username: 'ann', Firstname: 'Ann' } });
      expect(answer.status).toBe(400);
      expect(answer.text).toBe('The request is invalid. The Lastname field is required. The Password field is required.');
      expect(sandbox.findUser('ann')).toBeUndefined();
    });

    it('refuses half a date of birth', async () => {
      const answer = await callApi(sandbox, 'users/createUser', {
        form: { Username: 'ann', Firstname: 'Ann', Lastname: 'Lee', Password: 'pw', 'DateOfBirth[Year]': '2004' },
      });
      expect(answer.status).toBe(400);
      expect(answer.text).toContain('DateOfBirth[Month]');
    });

    it('refuses a JSON body: bksb wants a form', async () => {
      const answer = await callApi(sandbox, 'users/createUser', {
        body: JSON.stringify({ Username: 'ann' }),
        headers: { 'Content-Type': 'application/json' },
      });
      expect(answer.status).toBe(415);
      expect(answer.text).toContain('application/x-www-form-urlencoded');
    });
  });

  describe('GET users/isUsernameExists', () => {
    it('answers the bare JSON true or false, ignoring letter case', async () => {
      sandbox.createUser({ username: 'ann.lee' });
      const yes = await callApi(sandbox, 'users/isUsernameExists?username=ANN.Lee');
      const no = await callApi(sandbox, 'users/isUsernameExists?username=nobody');
      expect([yes.status, yes.text, no.status, no.text]).toEqual([200, 'true', 200, 'false']);
      expect(yes.headers.get('content-type')).toMatch(/^application\/json/);
    });

    it('refuses a missing username with 400', async () => {
      expect((await callApi(sandbox, 'users/isUsernameExists')).status).toBe(400);
    });
  });

  describe('GET users/user/getUserId', () => {
    it('answers a bare integer', async () => {
      const { userId } = sandbox.createUser({ username: "o'brien.k" });
      const answer = await callApi(sandbox, `users/user/getUserId?username=${encodeURIComponent("O'Brien.K")}`);
      expect(answer.status).toBe(200);
      expect(answer.text).toBe(String(userId));
      expect(JSON.parse(answer.text)).toBe(userId);
    });

    it('answers the not-found text with 404 by default', async () => {
      const answer = await callApi(sandbox, 'users/user/getUserId?username=ghost');
      expect(answer.status).toBe(404);
      expect(answer.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(answer.text).toBe("A user with username 'ghost' not found.");
    });

    it.each([200, 400] as const)('answers the same text with %i when that variant is set', async (status) => {
      sandbox.setQuirks({ getUserIdNotFoundStatus: status });
      const answer = await callApi(sandbox, 'users/user/getUserId?username=ghost');
      expect(answer.status).toBe(status);
      expect(answer.text).toBe("A user with username 'ghost' not found.");
    });

    it('can send the text as a JSON string instead', async () => {
      sandbox.setQuirks({ getUserIdNotFoundStatus: 200, getUserIdNotFoundBody: 'jsonString' });
      const answer = await callApi(sandbox, 'users/user/getUserId?username=ghost');
      expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
      expect(JSON.parse(answer.text)).toBe("A user with username 'ghost' not found.");
    });
  });

  describe('GET users/user/{userId}/getAutoLoginLink', () => {
    it('answers a JSON string URL that leads to a page signed in as the user', async () => {
      const { userId } = sandbox.createUser({ username: 'ann', firstname: 'Ann', lastname: 'Lee' });
      const answer = await callApi(sandbox, `users/user/${userId}/getAutoLoginLink`);
      expect(answer.status).toBe(200);
      const link = JSON.parse(answer.text) as string;
      expect(link).toMatch(new RegExp(`^${sandbox.url}/autologin/${userId}/[0-9a-f]{32}$`));
      const page = await fetch(link);
      expect(await page.text()).toContain('Signed in as Ann Lee (ann)');
    });

    it('answers 404 plain text for an unknown user', async () => {
      const answer = await callApi(sandbox, 'users/user/999999/getAutoLoginLink');
      expect([answer.status, answer.text]).toEqual([404, 'User not found.']);
    });
  });

  describe('GET results/.../{userId}/all', () => {
    const dates = [
      '2026-03-02T09:15:00',
      '2026-10-02T13:41:07',
      '2025-11-30T16:00:00',
      '2026-10-02T13:41:08',
      '2026-01-15T11:20:00',
    ];

    it('pages initial results newest first with the Pagination block', async () => {
      const { userId } = sandbox.createUser({ username: 'ann' });
      for (let i = 0; i < 25; i += 1) {
        const resultDate = `2025-${String((i % 12) + 1).padStart(2, '0')}-${String(i + 1).padStart(2, '0')}T10:00:00`;
        sandbox.addResult(userId, { kind: 'initial', courseSubject: 'MATHS_NEW', resultDate });
      }
      type Page = { InitialAssessmentResults: Array<{ ResultDate: string }>; Pagination: unknown };
      const page = async (n: number) =>
        JSON.parse((await callApi(sandbox, `results/initialAssessment/${userId}/all?page=${n}&recordsPerPage=20`)).text) as Page;
      const page1 = await page(1);
      const page2 = await page(2);
      expect(page1.Pagination).toEqual({ CurrentPage: 1, TotalRecords: 25, RecordsPerPage: 20 });
      expect(page2.Pagination).toEqual({ CurrentPage: 2, TotalRecords: 25, RecordsPerPage: 20 });
      expect(page1.InitialAssessmentResults).toHaveLength(20);
      expect(page2.InitialAssessmentResults).toHaveLength(5);
      const all = [...page1.InitialAssessmentResults, ...page2.InitialAssessmentResults].map((item) => item.ResultDate);
      expect(all).toEqual([...all].sort().reverse());
      expect(new Set(all).size).toBe(25);
    });

    it('writes items as bksb does, with a zone-less ResultDate', async () => {
      const { userId } = sandbox.createUser({ username: 'ann' });
      for (const resultDate of dates) sandbox.addResult(userId, { kind: 'initial', courseSubject: 'MATHS_NEW', level: 'Level 1', resultDate });
      const answer = await callApi(sandbox, `results/initialAssessment/${userId}/all?page=1&recordsPerPage=2`);
      const body = JSON.parse(answer.text) as { InitialAssessmentResults: Array<Record<string, unknown>> };
      expect(Object.keys(body)).toEqual(['InitialAssessmentResults', 'Pagination']);
      expect(body.InitialAssessmentResults[0]).toEqual({
        SessionId: expect.any(Number),
        CourseSubject: 'MATHS_NEW',
        CourseName: 'Functional Skills Maths',
        ResultDate: '2026-10-02T13:41:08',
        AssessmentName: 'Maths Initial Assessment',
        AssessmentID: 50000,
        Result: 'Level 1',
      });
      expect(body.InitialAssessmentResults[1].ResultDate).toBe('2026-10-02T13:41:07');
      for (const item of body.InitialAssessmentResults) expect(item.ResultDate).toMatch(LOCAL_DATE_TIME);
    });

    it('turns an instant given with a zone into UK local time', async () => {
      const { userId } = sandbox.createUser({ username: 'ann' });
      sandbox.addResult(userId, { kind: 'initial', resultDate: '2026-07-01T08:00:00Z' });
      const body = JSON.parse((await callApi(sandbox, `results/initialAssessment/${userId}/all`)).text) as {
        InitialAssessmentResults: Array<{ ResultDate: string }>;
      };
      expect(body.InitialAssessmentResults[0].ResultDate).toBe('2026-07-01T09:00:00');
    });

    it('gives diagnostics their own key, a score and a percentage, and keeps extra fields', async () => {
      const { userId } = sandbox.createUser({ username: 'ann' });
      sandbox.addResult(userId, {
        kind: 'diagnostic',
        courseSubject: 'ENG_NEW',
        level: 'Entry 3',
        score: 29,
        percentage: 72,
        extra: { ModuleName: 'Reading' },
      });
      const answer = await callApi(sandbox, `results/diagnosticAssessment/${userId}/all?page=1&recordsPerPage=20`);
      const body = JSON.parse(answer.text) as Record<string, unknown>;
      expect(Object.keys(body)).toEqual(['DiagnosticAssessmentResults', 'Pagination']);
      expect(body.DiagnosticAssessmentResults).toEqual([
        expect.objectContaining({ CourseSubject: 'ENG_NEW', Result: 'Entry 3', Score: 29, Percentage: 72, ModuleName: 'Reading' }),
      ]);
    });

    it('answers an empty page for a user without results', async () => {
      const { userId } = sandbox.createUser({ username: 'ann' });
      const answer = await callApi(sandbox, `results/initialAssessment/${userId}/all?page=1&recordsPerPage=20`);
      expect(JSON.parse(answer.text)).toEqual({
        InitialAssessmentResults: [],
        Pagination: { CurrentPage: 1, TotalRecords: 0, RecordsPerPage: 20 },
      });
    });

    it('answers 404 plain text for an unknown or deleted user', async () => {
      const { userId } = sandbox.createUser({ username: 'ann', withResults: true });
      sandbox.deleteUser(userId);
      for (const kind of ['initialAssessment', 'diagnosticAssessment']) {
        const answer = await callApi(sandbox, `results/${kind}/${userId}/all?page=1&recordsPerPage=20`);
        expect([answer.status, answer.text]).toEqual([404, 'User not found.']);
        expect(answer.headers.get('content-type')).toMatch(/^text\/plain/);
      }
    });

    it.each(['page=0&recordsPerPage=20', 'page=x&recordsPerPage=20', 'page=1&recordsPerPage=0', 'page=1&recordsPerPage=500'])(
      'refuses bad paging %s with 400 plain text',
      async (query) => {
        const { userId } = sandbox.createUser({ username: 'ann' });
        const answer = await callApi(sandbox, `results/initialAssessment/${userId}/all?${query}`);
        expect(answer.status).toBe(400);
        expect(answer.headers.get('content-type')).toMatch(/^text\/plain/);
      },
    );
  });

  describe('GET assessmentSessions/getAssessmentSessionsForCourseV5', () => {
    it('lists the course sessions with an unfinished one marked 0001-01-01T00:00:00', async () => {
      const { userId } = sandbox.createUser({ username: 'ann' });
      sandbox.addResult(userId, { kind: 'initial', courseSubject: 'ENG_NEW', resultDate: '2026-09-01T10:00:00' });
      sandbox.addResult(userId, { kind: 'diagnostic', courseSubject: 'ENG_NEW', resultDate: '2026-09-08T10:00:00' });
      sandbox.addResult(userId, { kind: 'initial', courseSubject: 'MATHS_NEW', resultDate: '2026-09-01T11:00:00' });
      sandbox.addSession(userId, { courseSubject: 'ENG_NEW', assessmentType: 2, dateStarted: '2026-10-01T09:00:00' });
      const answer = await callApi(sandbox, `assessmentSessions/getAssessmentSessionsForCourseV5?courseSubject=ENG_NEW&userId=${userId}`);
      expect(answer.status).toBe(200);
      const sessions = JSON.parse(answer.text) as Array<Record<string, unknown>>;
      expect(sessions.map((session) => [session.AssessmentType, session.DateCompleted])).toEqual([
        [2, '0001-01-01T00:00:00'],
        [2, '2026-09-08T10:00:00'],
        [1, '2026-09-01T10:00:00'],
      ]);
      for (const session of sessions) {
        expect(session).toEqual(expect.objectContaining({ SessionId: expect.any(Number), CourseSubject: 'ENG_NEW' }));
        expect(session.DateStarted).toMatch(LOCAL_DATE_TIME);
      }
    });

    it('refuses a missing courseSubject and answers 404 for an unknown user', async () => {
      expect((await callApi(sandbox, 'assessmentSessions/getAssessmentSessionsForCourseV5?userId=1')).status).toBe(400);
      const unknown = await callApi(sandbox, 'assessmentSessions/getAssessmentSessionsForCourseV5?courseSubject=ENG_NEW&userId=999999');
      expect([unknown.status, unknown.text]).toEqual([404, 'User not found.']);
    });
  });

  describe('GET userGroups/search', () => {
    it('pages groups whose name contains the query', async () => {
      sandbox.addUserGroup({ name: 'Zeta Maths Resit', numberOfUsers: 4 });
      sandbox.addUserGroup({ name: 'Zeta Maths Level 2' });
      sandbox.addUserGroup({ name: 'Zeta English' });
      const answer = await callApi(sandbox, 'userGroups/search?page=1&recordsPerPage=1&query=zeta%20maths');
      expect(JSON.parse(answer.text)).toEqual({
        UserGroups: [{ UserGroupId: expect.any(Number), Name: 'Zeta Maths Level 2', Description: '', NumberOfUsers: 0 }],
        Pagination: { CurrentPage: 1, TotalRecords: 2, RecordsPerPage: 1 },
      });
    });

    it('lists every group for an empty query', async () => {
      const answer = await callApi(sandbox, 'userGroups/search?page=1&recordsPerPage=100&query=');
      const body = JSON.parse(answer.text) as { UserGroups: unknown[]; Pagination: { TotalRecords: number } };
      expect(body.Pagination.TotalRecords).toBe(8);
      expect(body.UserGroups).toHaveLength(8);
    });
  });

  describe('anything else', () => {
    it('answers an unknown path with 404 plain text', async () => {
      const answer = await callApi(sandbox, 'users/deleteUser');
      expect(answer.status).toBe(404);
      expect(answer.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(answer.text).toContain('No HTTP resource was found');
    });

    it('answers the wrong method with 405 and Allow', async () => {
      const answer = await callApi(sandbox, 'users/createUser');
      expect(answer.status).toBe(405);
      expect(answer.headers.get('allow')).toBe('POST');
    });

    it('routes paths in any letter case, as bksb (ASP.NET) does', async () => {
      const answer = await callApi(sandbox, 'Users/IsUsernameExists?username=x');
      expect([answer.status, answer.text]).toEqual([200, 'false']);
    });

    it('shows a deleted user as not found everywhere', async () => {
      const { userId, username } = sandbox.createUser({ username: 'gone', withResults: true });
      expect(sandbox.deleteUser(userId)).toBe(true);
      expect((await callApi(sandbox, `users/isUsernameExists?username=${username}`)).text).toBe('false');
      expect((await callApi(sandbox, `users/user/getUserId?username=${username}`)).status).toBe(404);
      expect((await callApi(sandbox, `users/user/${userId}/getAutoLoginLink`)).status).toBe(404);
    });
  });
});
