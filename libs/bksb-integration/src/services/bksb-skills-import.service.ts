import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Clock, TransactionRunner } from '@picsweb/common';
import { In, Repository } from 'typeorm';
import { BksbAttemptListener, BksbComponent, BksbResult } from '../client/bksb-api.types';
import { levelOf } from '../client/bksb-result-mapping';
import { BksbAccountLink } from '../entities/bksb-account-link.entity';
import { BksbAssessmentResult } from '../entities/bksb-assessment-result.entity';
import { BksbDiagnosticBreakdown } from '../entities/bksb-diagnostic-breakdown.entity';
import { BksbSkillComponent } from '../entities/bksb-skill-component.entity';
import { BksbConnectionService } from './bksb-connection.service';
import { BksbRuntimeSettings } from './bksb-settings.service';
import { lockLinksAsRead } from './links-as-read';
import { Subject } from '../domain/bksb-domain';

/** A finished diagnostic session whose component data has not been read yet. */
export interface DiagnosticSession {
  sessionId: number;
  subject: Subject | null;
  assessmentName: string;
  /** When the diagnostic was finished (its result's date), UTC. */
  finishedAt: Date;
}

/** What bksb said of one diagnostic session's components; empty: no breakdown. */
export interface ReadBreakdown {
  session: DiagnosticSession;
  components: BksbComponent[];
}

/** Component rows a statement inserts at most (7 bound parameters a row). */
const INSERT_ROWS = 500;

const sessionOf = (result: Pick<BksbResult, 'sessionId' | 'subject' | 'assessmentName' | 'resultDate'>): DiagnosticSession => ({
  sessionId: result.sessionId,
  subject: result.subject,
  assessmentName: result.assessmentName,
  finishedAt: result.resultDate,
});

/**
 * Reads, once per session, the curriculum components a person's finished diagnostic
 * measured, and keeps them. A diagnostic result is a finished diagnostic session; its
 * component data is asked for while no breakdown of it is stored (the sync reads which
 * for a page of people at once), so each session costs one call, ever, and a person
 * with nothing new costs none. Reading (calls) and storing (the database) are apart, as
 * for results: the sync writes in its grouped writes.
 */
@Injectable()
export class BksbSkillsImportService {
  constructor(
    @InjectRepository(BksbAssessmentResult) private readonly results: Repository<BksbAssessmentResult>,
    private readonly connection: BksbConnectionService,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  /** The people's imported diagnostic results whose component data has not been read, in one query. */
  async unread(personIds: string[]): Promise<Map<string, DiagnosticSession[]>> {
    const unread = new Map<string, DiagnosticSession[]>();
    if (personIds.length === 0) return unread;
    const rows = await this.results
      .createQueryBuilder('result')
      .select(['result.personId', 'result.bksbSessionId', 'result.subject', 'result.assessmentName', 'result.resultDate'])
      .leftJoin(BksbDiagnosticBreakdown, 'breakdown', 'breakdown.person_id = result.person_id AND breakdown.bksb_session_id = result.bksb_session_id')
      .where("result.person_id IN (:...personIds) AND result.kind = 'diagnostic' AND breakdown.person_id IS NULL", { personIds })
      .getMany();
    for (const row of rows) {
      if (!unread.has(row.personId)) unread.set(row.personId, []);
      unread.get(row.personId)!.push(sessionOf({ ...row, sessionId: row.bksbSessionId }));
    }
    return unread;
  }

  /** The sessions to read for a person: those `unread` found, and the diagnostics just read from bksb. */
  toRead(unread: DiagnosticSession[], newResults: BksbResult[]): DiagnosticSession[] {
    const sessions = new Map(unread.map((session) => [session.sessionId, session]));
    for (const result of newResults) if (result.kind === 'diagnostic' && !sessions.has(result.sessionId)) sessions.set(result.sessionId, sessionOf(result));
    return [...sessions.values()];
  }

  /** Reads each session's components (one call each, through the client and its limits); nothing is written. */
  async read(settings: BksbRuntimeSettings, link: BksbAccountLink, sessions: DiagnosticSession[], onAttempt?: BksbAttemptListener): Promise<ReadBreakdown[]> {
    const bksbUserId = link.bksbUserId;
    if (bksbUserId === null || sessions.length === 0) return [];
    return this.connection.call(
      settings,
      async (client, context) => {
        const read: ReadBreakdown[] = [];
        for (const session of sessions) read.push({ session, components: await client.getSessionComponents(context, session.sessionId, bksbUserId) });
        return read;
      },
      onAttempt,
    );
  }

  /**
   * Writes what `read` found for several people in one transaction of a few statements,
   * only while each person's link still names the user that was read (see linkAsRead);
   * a session already stored is left as it is.
   */
  async store(people: Array<{ link: BksbAccountLink; breakdowns: ReadBreakdown[] }>): Promise<void> {
    const read = people.filter(({ breakdowns }) => breakdowns.length > 0);
    if (read.length === 0) return;
    await this.transactions.run(async (manager) => {
      const asRead = await lockLinksAsRead(manager, read.map(({ link }) => link));
      const writable = read.filter(({ link }) => asRead.has(link.personId));
      if (writable.length === 0) return;
      const stored = await manager.find(BksbDiagnosticBreakdown, {
        where: { personId: In(writable.map(({ link }) => link.personId)) },
        select: { personId: true, bksbSessionId: true },
      });
      const isStored = new Set(stored.map((row) => `${row.personId}:${row.bksbSessionId}`));
      const fetchedAt = this.clock.now();
      const breakdowns: BksbDiagnosticBreakdown[] = [];
      const components: BksbSkillComponent[] = [];
      for (const { link, breakdowns: fetched } of writable) {
        for (const { session, components: measured } of fetched) {
          const key = `${link.personId}:${session.sessionId}`;
          if (isStored.has(key)) continue;
          isStored.add(key);
          const assessmentName = (measured.find((c) => c.assessmentName)?.assessmentName || session.assessmentName).slice(0, 200);
          breakdowns.push({
            personId: link.personId,
            bksbSessionId: session.sessionId,
            organisationId: link.organisationId,
            personType: link.personType,
            subject: session.subject,
            assessmentName,
            assessedLevel: levelOf(assessmentName),
            measuredAt: measured.find((c) => c.measuredAt)?.measuredAt ?? session.finishedAt,
            fetchedAt,
          });
          // bksb names each component once a session; were one named twice, its first measurement is kept.
          const names = new Set<string>();
          for (const component of measured) {
            const name = component.name.slice(0, 200);
            if (names.has(name)) continue;
            names.add(name);
            components.push({
              personId: link.personId,
              bksbSessionId: session.sessionId,
              name,
              organisationId: link.organisationId,
              measured: component.measured.slice(0, 200),
              level: component.level,
              percent: component.percent,
            });
          }
        }
      }
      for (let at = 0; at < breakdowns.length; at += INSERT_ROWS) await manager.insert(BksbDiagnosticBreakdown, breakdowns.slice(at, at + INSERT_ROWS));
      for (let at = 0; at < components.length; at += INSERT_ROWS) await manager.insert(BksbSkillComponent, components.slice(at, at + INSERT_ROWS));
    });
  }
}
