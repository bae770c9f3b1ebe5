import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { AuthenticatedUser, Clock, Role } from '@picsweb/common';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Repository } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { Organisation } from '../../organisations/organisation.entity';
import { User } from '../../users/user.entity';
import { WebSession } from './web-session.entity';

export interface ResolvedSession {
  key: string;
  user: AuthenticatedUser;
  organisationName: string | null;
}

/** The last use is kept to the second: a page and what it loads at once make one write. */
const TOUCH_AFTER_MS = 1000;

/** A session row with its user's columns (null when the user is gone) and organisation's name. */
interface SessionRow {
  createdAt: string;
  lastSeenAt: string;
  id: string | null;
  email: string;
  role: Role;
  organisationId: string | null;
  organisationName: string | null;
}

const hashOf = (sessionId: string) => createHash('sha256').update(sessionId).digest('hex');

/**
 * Cookie sessions of the pages: made at sign-in, ended at sign-out, after
 * AUTH_TOKEN_TTL_SECONDS from the last use, or SESSION_MAX_HOURS after sign-in however
 * steadily used. The user is read again on every request, so a deleted
 * or demoted user loses access at once, as with bearer tokens.
 */
@Injectable()
export class WebSessionsService {
  constructor(
    @InjectRepository(WebSession) private readonly sessions: Repository<WebSession>,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** A new session for the user; the returned id goes only into the cookie. */
  async start(userId: string): Promise<string> {
    const sessionId = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    await this.sessions.insert({ idHash: hashOf(sessionId), userId, createdAt: now, lastSeenAt: now });
    return sessionId;
  }

  /** Every page view asks: the session, its user and the user's organisation come in one query. */
  async resolve(sessionId: string): Promise<ResolvedSession | null> {
    const key = hashOf(sessionId);
    const found = await this.sessions
      .createQueryBuilder('session')
      .leftJoin(User, 'user', 'user.id = session.user_id')
      .leftJoin(Organisation, 'organisation', 'organisation.id = user.organisation_id')
      .select('session.created_at', 'createdAt')
      .addSelect('session.last_seen_at', 'lastSeenAt')
      .addSelect(['user.id AS "id"', 'user.email AS "email"', 'user.role AS "role"', 'user.organisation_id AS "organisationId"', 'organisation.name AS "organisationName"'])
      .where('session.id_hash = :key', { key })
      .getRawOne<SessionRow>();
    if (!found) return null;
    const now = this.clock.now();
    const idleMs = now.getTime() - new Date(found.lastSeenAt).getTime();
    const ageMs = now.getTime() - new Date(found.createdAt).getTime();
    if (found.id === null || idleMs > this.config.authTokenTtlSeconds * 1000 || ageMs > this.config.sessionMaxHours * 3600 * 1000) {
      await this.sessions.delete({ idHash: key });
      return null;
    }
    if (idleMs >= TOUCH_AFTER_MS) await this.sessions.update({ idHash: key }, { lastSeenAt: now });
    const user: AuthenticatedUser = { id: found.id, email: found.email, role: found.role, organisationId: found.organisationId };
    return { key, user, organisationName: found.organisationName };
  }

  async end(key: string): Promise<void> {
    await this.sessions.delete({ idHash: key });
  }

  /** The CSRF token of a session (or of a signed-out browser's visitor id): derived, never stored. */
  csrfTokenFor(kind: 'session' | 'visitor', key: string): string {
    return createHmac('sha256', this.config.appSecret).update(`csrf:${kind}:${key}`).digest('base64url');
  }
}

/** Compares two tokens in constant time. */
export function sameToken(sent: unknown, expected: string): boolean {
  if (typeof sent !== 'string' || expected === '') return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
