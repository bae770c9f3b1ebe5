import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Clock, TransactionRunner } from '@picsweb/common';
import { In, Repository } from 'typeorm';
import { BksbAttemptListener } from '../client/bksb-api.types';
import { BksbAccountLink } from '../entities/bksb-account-link.entity';
import { BksbAssessmentResult } from '../entities/bksb-assessment-result.entity';
import { BksbSessionCheck } from '../entities/bksb-session-check.entity';
import { SESSION_COURSE_SUBJECTS, sessionStateOf, startedAtOf } from '../rules/assessment-progress';
import { BksbConnectionService } from './bksb-connection.service';
import { BksbRuntimeSettings } from './bksb-settings.service';
import { CHASED_SUBJECTS, ChasedSubject, SessionState, Subject } from '../domain/bksb-domain';

/**
 * Keeps what bksb's assessment sessions say about the chase list's subjects. Only a
 * subject the person has no initial result of is asked about (one call each, through
 * the client and its limits), and a row is written only when its state changes, so a
 * sync with nothing new writes nothing here.
 */
@Injectable()
export class BksbSessionCheckService {
  constructor(
    @InjectRepository(BksbAssessmentResult) private readonly results: Repository<BksbAssessmentResult>,
    @InjectRepository(BksbSessionCheck) private readonly checks: Repository<BksbSessionCheck>,
    private readonly connection: BksbConnectionService,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  /**
   * Reads the sessions of the subjects the person has no initial result of; answers what
   * each of them says (none: nothing lacking). `initialSubjects`: the subjects of their
   * initial results as the caller knows them now (a sync reads them a page at a time);
   * read here when left out.
   */
  async refresh(
    settings: BksbRuntimeSettings,
    link: BksbAccountLink,
    onAttempt?: BksbAttemptListener,
    initialSubjects?: ReadonlySet<Subject>,
  ): Promise<SessionState[]> {
    const userId = link.bksbUserId;
    if (userId === null) return [];
    const done =
      initialSubjects ??
      new Set(
        (await this.results.find({ where: { personId: link.personId, kind: 'initial', subject: In([...CHASED_SUBJECTS]) }, select: { subject: true } })).map(
          (result) => result.subject,
        ),
      );
    const lacking = CHASED_SUBJECTS.filter((subject) => !done.has(subject));
    if (lacking.length === 0) return [];
    const courses = SESSION_COURSE_SUBJECTS[settings.region];
    const states = await this.connection.call(
      settings,
      async (client, context) => {
        const found = new Map<ChasedSubject, { state: SessionState; startedAt: Date | null }>();
        for (const subject of lacking) {
          const sessions = await client.getAssessmentSessions(context, courses[subject], userId);
          found.set(subject, { state: sessionStateOf(sessions), startedAt: startedAtOf(sessions) });
        }
        return found;
      },
      onAttempt,
    );
    const known = await this.checks.findBy({ personId: link.personId });
    const changed = lacking.filter((subject) => {
      const row = known.find((check) => check.subject === subject);
      const seen = states.get(subject)!;
      return !row || row.state !== seen.state || row.startedAt?.getTime() !== seen.startedAt?.getTime() || row.bksbUserId !== userId;
    });
    if (changed.length > 0) {
      const now = this.clock.now();
      await this.transactions.run((manager) =>
        manager.upsert(
          BksbSessionCheck,
          changed.map((subject) => ({ personId: link.personId, subject, organisationId: link.organisationId, bksbUserId: userId, ...states.get(subject)!, changedAt: now })),
          ['personId', 'subject'],
        ),
      );
    }
    return lacking.map((subject) => states.get(subject)!.state);
  }
}
