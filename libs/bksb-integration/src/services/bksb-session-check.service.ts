import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Clock, TransactionRunner } from '@picsweb/common';
import { In, Repository } from 'typeorm';
import { BksbAttemptListener } from '../client/bksb-api.types';
import { BksbAccountLink } from '../entities/bksb-account-link.entity';
import { BksbSessionCheck } from '../entities/bksb-session-check.entity';
import { SESSION_COURSE_SUBJECTS, sessionStateOf, startedAtOf } from '../rules/assessment-progress';
import { BksbConnectionService } from './bksb-connection.service';
import { BksbRuntimeSettings } from './bksb-settings.service';
import { lockLinksAsRead } from './links-as-read';
import { CHASED_SUBJECTS, ChasedSubject, SessionState, Subject } from '../domain/bksb-domain';

/** What bksb's sessions said of each subject a person has no initial result of (none: nothing lacking); not written yet. */
export type SessionReading = Map<ChasedSubject, { state: SessionState; startedAt: Date | null }>;

/**
 * Keeps what bksb's assessment sessions say about the chase list's subjects. Only a
 * subject the person has no initial result of is asked about (one call each, through
 * the client and its limits), and a row is written only when its state changes, so a
 * sync with nothing new writes nothing here. Reading (calls) and storing (the database)
 * are apart, so that a sync's calls never wait for its writes.
 */
@Injectable()
export class BksbSessionCheckService {
  constructor(
    @InjectRepository(BksbSessionCheck) private readonly checks: Repository<BksbSessionCheck>,
    private readonly connection: BksbConnectionService,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  /**
   * Reads the sessions of the subjects the person has no initial result of.
   * `initialSubjects`: the subjects of their initial results as the caller knows them
   * (a sync reads them a page at a time, with what it has just read from bksb).
   */
  async read(settings: BksbRuntimeSettings, link: BksbAccountLink, onAttempt: BksbAttemptListener, initialSubjects: ReadonlySet<Subject>): Promise<SessionReading> {
    const bksbUserId = link.bksbUserId;
    const lacking = CHASED_SUBJECTS.filter((subject) => !initialSubjects.has(subject));
    const courses = SESSION_COURSE_SUBJECTS[settings.region];
    const seen: SessionReading = new Map();
    if (bksbUserId === null || lacking.length === 0) return seen;
    await this.connection.call(
      settings,
      async (client, context) => {
        for (const subject of lacking) {
          const sessions = await client.getAssessmentSessions(context, courses[subject], bksbUserId);
          seen.set(subject, { state: sessionStateOf(sessions), startedAt: startedAtOf(sessions) });
        }
      },
      onAttempt,
    );
    return seen;
  }

  /**
   * Writes what `read` saw of each link's user, for the subjects whose state changed since
   * it was last written: a few statements, whatever the number of people. Only while a
   * person's link still names the user that was read (see linkAsRead): answers the people
   * whose link changed meanwhile, of whom nothing is written. A person with nothing to
   * write is not looked at again.
   */
  async store(people: Array<{ link: BksbAccountLink; reading: SessionReading }>): Promise<string[]> {
    const read = people.filter(({ link, reading }) => link.bksbUserId !== null && reading.size > 0);
    if (read.length === 0) return [];
    const known = new Map((await this.checks.findBy({ personId: In(read.map(({ link }) => link.personId)) })).map((row) => [`${row.personId}:${row.subject}`, row]));
    const changedAt = this.clock.now();
    const writes = read
      .map(({ link, reading }) => ({
        link,
        rows: [...reading]
          .filter(([subject, seen]) => {
            const row = known.get(`${link.personId}:${subject}`);
            return !row || row.state !== seen.state || row.startedAt?.getTime() !== seen.startedAt?.getTime() || row.bksbUserId !== link.bksbUserId;
          })
          .map(([subject, seen]) => ({ personId: link.personId, subject, organisationId: link.organisationId, bksbUserId: link.bksbUserId!, ...seen, changedAt })),
      }))
      .filter(({ rows }) => rows.length > 0);
    if (writes.length === 0) return [];
    return this.transactions.run(async (manager) => {
      const asRead = await lockLinksAsRead(manager, writes.map(({ link }) => link));
      const rows = writes.flatMap(({ link, rows }) => (asRead.has(link.personId) ? rows : []));
      if (rows.length > 0) await manager.upsert(BksbSessionCheck, rows, ['personId', 'subject']);
      return writes.flatMap(({ link }) => (asRead.has(link.personId) ? [] : [link.personId]));
    });
  }
}
