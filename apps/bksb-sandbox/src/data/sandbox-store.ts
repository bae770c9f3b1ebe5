import { ResultDraft, UserFields } from './sandbox-generators';
import { ResultKind, SandboxComponent, SandboxResult, SandboxSession, SandboxUser, SandboxUserGroup } from './sandbox-records';
import { shiftLocal } from './uk-local-time';

export class DuplicateUsernameError extends Error {
  constructor(username: string) {
    super(`A user with username '${username}' already exists.`);
  }
}

export class UnknownUserError extends Error {
  constructor(userId: number) {
    super(`There is no user ${userId}.`);
  }
}

export interface StoreStart {
  firstUserId: number;
  firstSessionId: number;
  firstUserGroupId: number;
}

interface UserResults {
  initial: SandboxResult[];
  diagnostic: SandboxResult[];
}

/** Newest first; equal times by the later session first. */
function newestFirst(a: { resultDate: string; sessionId: number }, b: { resultDate: string; sessionId: number }): number {
  if (a.resultDate !== b.resultDate) return a.resultDate < b.resultDate ? 1 : -1;
  return b.sessionId - a.sessionId;
}

/** Inserts into a list kept in order, so reading a page is a slice. */
function insertSorted<T>(list: T[], item: T, compare: (a: T, b: T) => number): void {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compare(list[middle], item) <= 0) low = middle + 1;
    else high = middle;
  }
  list.splice(low, 0, item);
}

/**
 * The sandbox's bksb data, indexed for the calls bksb answers: users by id and by
 * lower-cased user name, results per user kept newest first, sessions per user.
 */
export class SandboxStore {
  private readonly usersById = new Map<number, SandboxUser>();
  private readonly userIdsByName = new Map<string, number>();
  private readonly resultsByUser = new Map<number, UserResults>();
  private readonly sessionsByUser = new Map<number, SandboxSession[]>();
  private groups: SandboxUserGroup[] = [];
  private nextUserId: number;
  private nextSessionId: number;
  private nextUserGroupId: number;

  constructor(private readonly start: StoreStart) {
    this.nextUserId = start.firstUserId;
    this.nextSessionId = start.firstSessionId;
    this.nextUserGroupId = start.firstUserGroupId;
  }

  get userCount(): number {
    return this.usersById.size;
  }

  get userGroupCount(): number {
    return this.groups.length;
  }

  clear(): void {
    this.usersById.clear();
    this.userIdsByName.clear();
    this.resultsByUser.clear();
    this.sessionsByUser.clear();
    this.groups = [];
    this.nextUserId = this.start.firstUserId;
    this.nextSessionId = this.start.firstSessionId;
    this.nextUserGroupId = this.start.firstUserGroupId;
  }

  isUsernameTaken(username: string): boolean {
    return this.userIdsByName.has(username.toLowerCase());
  }

  /** @throws DuplicateUsernameError when the name is taken in any letter case. */
  createUser(fields: UserFields): SandboxUser {
    if (this.isUsernameTaken(fields.username)) throw new DuplicateUsernameError(fields.username);
    const user: SandboxUser = { userId: this.nextUserId, ...fields };
    this.nextUserId += 1;
    this.usersById.set(user.userId, user);
    this.userIdsByName.set(user.username.toLowerCase(), user.userId);
    this.resultsByUser.set(user.userId, { initial: [], diagnostic: [] });
    this.sessionsByUser.set(user.userId, []);
    return user;
  }

  findUserById(userId: number): SandboxUser | undefined {
    return this.usersById.get(userId);
  }

  findUserByName(username: string): SandboxUser | undefined {
    const userId = this.userIdsByName.get(username.toLowerCase());
    return userId === undefined ? undefined : this.usersById.get(userId);
  }

  /** Removes a user with every result and session; false when there was none. */
  deleteUser(userId: number): boolean {
    const user = this.usersById.get(userId);
    if (!user) return false;
    this.usersById.delete(userId);
    this.userIdsByName.delete(user.username.toLowerCase());
    this.resultsByUser.delete(userId);
    this.sessionsByUser.delete(userId);
    return true;
  }

  takeSessionId(): number {
    const sessionId = this.nextSessionId;
    this.nextSessionId += 1;
    return sessionId;
  }

  /**
   * Adds a result (newest-first order is kept) and, unless told otherwise, the
   * completed session it came from (with a diagnostic's components when given).
   */
  addResult(userId: number, draft: ResultDraft, withSession = true, components?: SandboxComponent[]): SandboxResult {
    const results = this.resultsByUser.get(userId);
    if (!results) throw new UnknownUserError(userId);
    const result: SandboxResult = { ...draft, sessionId: draft.sessionId ?? this.takeSessionId() };
    insertSorted(results[result.kind], result, newestFirst);
    if (withSession) {
      this.addSession(userId, {
        sessionId: result.sessionId,
        courseSubject: result.courseSubject,
        assessmentName: result.assessmentName,
        assessmentType: result.kind === 'initial' ? 1 : 2,
        dateStarted: shiftLocal(result.resultDate, -(20 + (result.sessionId % 40))),
        dateCompleted: result.resultDate,
        ...(components ? { components } : {}),
      });
    }
    return result;
  }

  /** The user's results of one kind, newest first; undefined when there is no such user. */
  results(userId: number, kind: ResultKind): readonly SandboxResult[] | undefined {
    return this.resultsByUser.get(userId)?.[kind];
  }

  addSession(userId: number, session: SandboxSession): SandboxSession {
    const sessions = this.sessionsByUser.get(userId);
    if (!sessions) throw new UnknownUserError(userId);
    insertSorted(sessions, session, (a, b) =>
      newestFirst({ resultDate: a.dateStarted, sessionId: a.sessionId }, { resultDate: b.dateStarted, sessionId: b.sessionId }),
    );
    return session;
  }

  /** The user's sessions of one course, newest started first; undefined when there is no such user. */
  sessions(userId: number, courseSubject: string): SandboxSession[] | undefined {
    const subject = courseSubject.toLowerCase();
    return this.sessionsByUser.get(userId)?.filter((session) => session.courseSubject.toLowerCase() === subject);
  }

  /** Every session of the user, newest started first; undefined when there is no such user. */
  allSessions(userId: number): readonly SandboxSession[] | undefined {
    return this.sessionsByUser.get(userId);
  }

  addUserGroup(fields: Omit<SandboxUserGroup, 'userGroupId'>): SandboxUserGroup {
    const group: SandboxUserGroup = { userGroupId: this.nextUserGroupId, ...fields };
    this.nextUserGroupId += 1;
    this.groups.push(group);
    return group;
  }

  /** Groups whose name contains the query in any letter case, in name order. */
  searchUserGroups(query: string): SandboxUserGroup[] {
    const needle = query.trim().toLowerCase();
    return this.groups
      .filter((group) => group.name.toLowerCase().includes(needle))
      .sort((a, b) => a.name.localeCompare(b.name) || a.userGroupId - b.userGroupId);
  }
}
