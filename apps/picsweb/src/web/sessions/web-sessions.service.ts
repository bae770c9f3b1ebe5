import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { AuthenticatedUser, Clock } from '@picsweb/common';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Repository } from 'typeorm';
import { toAuthenticatedUser } from '../../auth/auth.service';
import { AppConfig } from '../../config/app-config';
import { OrganisationsService } from '../../organisations/organisations.service';
import { UsersService } from '../../users/users.service';
import { WebSession } from './web-session.entity';

export interface ResolvedSession {
  key: string;
  user: AuthenticatedUser;
  organisationName: string | null;
}

/** A write per request would be wasteful; the idle clock moves on at most once a minute. */
const TOUCH_AFTER_MS = 60_000;

const hashOf = (sessionId: string) => createHash('sha256').update(sessionId).digest('hex');

/**
 * Cookie sessions of the pages: made at sign-in, ended at sign-out or after
 * AUTH_TOKEN_TTL_SECONDS idle. The user is read again on every request, so a deleted
 * or demoted user loses access at once, as with bearer tokens.
 */
@Injectable()
export class WebSessionsService {
  constructor(
    @InjectRepository(WebSession) private readonly sessions: Repository<WebSession>,
    private readonly users: UsersService,
    private readonly organisations: OrganisationsService,
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

  async resolve(sessionId: string): Promise<ResolvedSession | null> {
    const key = hashOf(sessionId);
    const session = await this.sessions.findOneBy({ idHash: key });
    if (!session) return null;
    const now = this.clock.now();
    const idleMs = now.getTime() - session.lastSeenAt.getTime();
    const user = await this.users.findById(session.userId);
    if (!user || idleMs > this.config.authTokenTtlSeconds * 1000) {
      await this.sessions.delete({ idHash: key });
      return null;
    }
    if (idleMs > TOUCH_AFTER_MS) await this.sessions.update({ idHash: key }, { lastSeenAt: now });
    const organisationName = user.organisationId ? (await this.organisations.getOrThrow(user.organisationId)).name : null;
    return { key, user: toAuthenticatedUser(user), organisationName };
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
