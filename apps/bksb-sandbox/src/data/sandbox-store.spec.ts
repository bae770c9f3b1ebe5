import { ResultDraft, UserFields } from './sandbox-generators';
import { DuplicateUsernameError, SandboxStore, UnknownUserError } from './sandbox-store';

const person = (username: string): UserFields => ({
  username,
  firstname: 'Ann',
  lastname: 'Lee',
  email: `${username}@example.org`,
  password: 'pw',
  dateOfBirth: null,
  autoEnrolCourses: false,
});

const draft = (resultDate: string, kind: 'initial' | 'diagnostic' = 'initial'): ResultDraft => ({
  kind,
  courseSubject: 'ENG_NEW',
  courseName: 'Functional Skills English',
  resultDate,
  assessmentName: 'English Initial Assessment',
  assessmentId: 50001,
  result: 'Entry 3',
});

describe('SandboxStore', () => {
  let store: SandboxStore;
  beforeEach(() => {
    store = new SandboxStore({ firstUserId: 100, firstSessionId: 5000, firstUserGroupId: 1 });
  });

  it('numbers users from the first id and finds them by name in any letter case', () => {
    const ann = store.createUser(person('Ann.Lee'));
    const bob = store.createUser(person('bob'));
    expect([ann.userId, bob.userId]).toEqual([100, 101]);
    expect(store.findUserByName('ANN.LEE')?.userId).toBe(100);
    expect(() => store.createUser(person('ann.lee'))).toThrow(DuplicateUsernameError);
  });

  it('keeps results newest first whatever order they arrive in, ties by the later session', () => {
    const { userId } = store.createUser(person('ann'));
    for (const date of ['2026-03-01T10:00:00', '2026-05-01T09:00:00', '2025-12-24T16:30:00', '2026-05-01T09:00:00']) {
      store.addResult(userId, draft(date));
    }
    const results = store.results(userId, 'initial') ?? [];
    expect(results.map((result) => [result.resultDate, result.sessionId])).toEqual([
      ['2026-05-01T09:00:00', 5003],
      ['2026-05-01T09:00:00', 5001],
      ['2026-03-01T10:00:00', 5000],
      ['2025-12-24T16:30:00', 5002],
    ]);
    expect(store.results(userId, 'diagnostic')).toEqual([]);
  });

  it('records a completed session for each result, started before it ended', () => {
    const { userId } = store.createUser(person('ann'));
    store.addResult(userId, draft('2026-03-01T10:00:00', 'diagnostic'));
    const [session] = store.sessions(userId, 'eng_new') ?? [];
    expect(session).toMatchObject({ assessmentType: 2, dateCompleted: '2026-03-01T10:00:00' });
    expect(session.dateStarted < session.dateCompleted).toBe(true);
  });

  it('forgets a deleted user entirely', () => {
    const { userId } = store.createUser(person('ann'));
    store.addResult(userId, draft('2026-03-01T10:00:00'));
    expect(store.deleteUser(userId)).toBe(true);
    expect(store.findUserByName('ann')).toBeUndefined();
    expect(store.results(userId, 'initial')).toBeUndefined();
    expect(() => store.addResult(userId, draft('2026-03-01T10:00:00'))).toThrow(UnknownUserError);
    expect(store.deleteUser(userId)).toBe(false);
    expect(store.createUser(person('ann')).userId).toBe(101);
  });

  it('searches groups by part of the name, ignoring case, in name order', () => {
    store.addUserGroup({ name: 'Maths Resit', description: '', numberOfUsers: 3 });
    store.addUserGroup({ name: 'Apprentices Maths', description: '', numberOfUsers: 9 });
    store.addUserGroup({ name: 'English', description: '', numberOfUsers: 1 });
    expect(store.searchUserGroups('MATHS').map((group) => group.name)).toEqual(['Apprentices Maths', 'Maths Resit']);
    expect(store.searchUserGroups('')).toHaveLength(3);
  });
});
