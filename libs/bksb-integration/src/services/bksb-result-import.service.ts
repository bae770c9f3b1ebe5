import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Clock, SYSTEM_LOG, SystemLogLine, SystemLogWriter, TransactionRunner, transactionOf } from '@picsweb/common';
import { randomUUID } from 'node:crypto';
import { EntityManager, In, Repository } from 'typeorm';
import { BksbAttemptListener, BksbResult } from '../client/bksb-api.types';
import { BksbError } from '../client/bksb-errors';
import { BksbAccountLink } from '../entities/bksb-account-link.entity';
import { BksbAssessmentResult } from '../entities/bksb-assessment-result.entity';
import { BksbConnectionService } from './bksb-connection.service';
import { BksbRuntimeSettings } from './bksb-settings.service';
import { BksbTaggingService } from './bksb-tagging.service';
import { linkAsRead, lockLinksAsRead } from './links-as-read';
import { ResultKind, Subject } from '../domain/bksb-domain';

/** What a person's imported results hold, as a sync reads it for a page of people at once. */
export interface KnownResults {
  sessionIds: Record<ResultKind, Set<number>>;
  /** The subjects of their initial results. */
  initialSubjects: Set<Subject>;
}

/** An import that is part of a sync run. */
export interface RunImport {
  onAttempt: BksbAttemptListener;
  /** What the person's results held when the run read their page; read now when left out. */
  known?: KnownResults;
}

export interface ImportOutcome {
  imported: number;
  tagsApplied: number;
  /** bksb no longer knows the user: the link is marked missing-in-bksb. */
  missing: boolean;
  /**
   * The link changed while bksb was read (unlinked, linked to another user, or an account
   * being created anew): nothing of the read is written.
   */
  changed: boolean;
}

/** What a read of a person's results in bksb found; nothing is written yet. */
export interface FetchedResults {
  /** bksb no longer knows the user. */
  userGone: boolean;
  /** What bksb holds beyond the results known when it was read. */
  results: BksbResult[];
}

/** A person's results as `fetchNew` read them, to write. */
export interface ReadResults {
  link: BksbAccountLink;
  fetched: FetchedResults;
}

export const NOTHING_IMPORTED: ImportOutcome = { imported: 0, tagsApplied: 0, missing: false, changed: false };
const USER_GONE: ImportOutcome = { ...NOTHING_IMPORTED, missing: true };
const LINK_CHANGED: ImportOutcome = { ...NOTHING_IMPORTED, changed: true };
/** Result rows a statement inserts at most. */
const INSERT_ROWS = 500;

/**
 * The one import of a person's results, used by "refresh", linking and the sync:
 * reads only what is new (the known session ids stop the paging), then writes the new
 * results and, through the tagging service, the tags of first results, in one short
 * transaction per person. No transaction is open while bksb is called: reading
 * (`fetchNew`) and writing (`store`, `storeForRun`) are apart, and a sync does the
 * writing outside its calls.
 */
@Injectable()
export class BksbResultImportService {
  constructor(
    @InjectRepository(BksbAssessmentResult) private readonly results: Repository<BksbAssessmentResult>,
    private readonly transactions: TransactionRunner,
    private readonly connection: BksbConnectionService,
    private readonly clock: Clock,
    private readonly tagging: BksbTaggingService,
    @Inject(SYSTEM_LOG) private readonly systemLog: SystemLogWriter,
  ) {}

  /** Reads and writes what is new of one person's results, now. */
  async importPerson(settings: BksbRuntimeSettings, link: BksbAccountLink): Promise<ImportOutcome> {
    const [outcome] = await this.store(settings, [{ link, fetched: await this.fetchNew(settings, link) }]);
    return outcome;
  }

  /** Reads what is new of the person's results in bksb; only calls, nothing written. */
  async fetchNew(settings: BksbRuntimeSettings, link: BksbAccountLink, run?: RunImport): Promise<FetchedResults> {
    const kinds: ResultKind[] = settings.downloadDiagnosticResults ? ['initial', 'diagnostic'] : ['initial'];
    const results: BksbResult[] = [];
    const userGone = await this.connection.call(
      settings,
      async (client, context) => {
        for (const kind of kinds) {
          try {
            const known = run?.known?.sessionIds[kind] ?? (await this.knownSessionIds(link.personId, kind));
            results.push(...(await client.readNewResults(context, link.bksbUserId!, kind, known)));
          } catch (error) {
            if (!(error instanceof BksbError) || error.kind !== 'not-found') throw error;
            // A 404 may mean "no such user" or just "no results": the user name decides.
            if ((await client.getUserId(context, link.username)) === null) return true;
          }
        }
        return false;
      },
      run?.onAttempt,
    );
    return { userGone, results };
  }

  /**
   * Writes what `fetchNew` read for people of the organisation: the links of users bksb
   * no longer knows are marked missing; the others' new results, tags and links are
   * written in one transaction of a few statements, whatever their number. Only while a
   * person's link still names the user that was read (see linkAsRead); otherwise nothing
   * of theirs is written and their outcome says `changed`. Answers each person's outcome,
   * in their order.
   */
  async store(settings: BksbRuntimeSettings, people: ReadResults[]): Promise<ImportOutcome[]> {
    const gone = new Map<string, ImportOutcome>();
    for (const { link, fetched } of people) if (fetched.userGone) gone.set(link.personId, (await this.markMissing(link)) ? USER_GONE : LINK_CHANGED);
    const present = people.filter(({ fetched }) => !fetched.userGone);
    const written = present.length > 0 ? await this.transactions.run((manager) => this.write(manager, settings, present)) : new Map<string, ImportOutcome>();
    return people.map(({ link, fetched }) => (fetched.userGone ? gone : written).get(link.personId)!);
  }

  /**
   * `store` within a sync run, where a person with nothing new and an active link costs
   * no write: the run records when it checked everyone (see BksbSyncRunStore.lastCheckOf,
   * which leaves out a link made after the run started). Such a person's link is not
   * looked at again: nothing of theirs is written, so their outcome never says `changed`.
   */
  async storeForRun(settings: BksbRuntimeSettings, people: ReadResults[]): Promise<ImportOutcome[]> {
    const unchanged = ({ link, fetched }: ReadResults) => !fetched.userGone && fetched.results.length === 0 && link.state === 'active';
    const written = await this.store(settings, people.filter((person) => !unchanged(person)));
    return people.map((person) => (unchanged(person) ? NOTHING_IMPORTED : written.shift()!));
  }

  private async write(manager: EntityManager, settings: BksbRuntimeSettings, read: ReadResults[]): Promise<Map<string, ImportOutcome>> {
    const outcomes = new Map<string, ImportOutcome>();
    const asRead = await lockLinksAsRead(manager, read.map(({ link }) => link));
    for (const { link } of read) if (!asRead.has(link.personId)) outcomes.set(link.personId, LINK_CHANGED);
    const people = read.filter(({ link }) => asRead.has(link.personId));
    if (people.length === 0) return outcomes;
    const personIds = people.map(({ link }) => link.personId);
    const now = this.clock.now();
    const known = await manager.find(BksbAssessmentResult, {
      where: { organisationId: settings.organisationId, personId: In(personIds) },
      select: { personId: true, kind: true, bksbSessionId: true },
    });
    const isKnown = new Set(known.map((r) => `${r.personId}:${r.kind}:${r.bksbSessionId}`));
    const fresh = people.map(({ link, fetched }) => ({
      link,
      results: fetched.results.filter((r) => {
        const key = `${link.personId}:${r.kind}:${r.sessionId}`;
        if (isKnown.has(key)) return false;
        isKnown.add(key);
        return true;
      }),
    }));
    const rows = fresh.flatMap(({ link, results }) =>
      results.map((r) => ({
        id: randomUUID(),
        organisationId: link.organisationId,
        personType: link.personType,
        personId: link.personId,
        kind: r.kind,
        subject: r.subject,
        level: r.level,
        score: r.score,
        resultText: r.resultText.slice(0, 200),
        assessmentName: r.assessmentName.slice(0, 200),
        courseName: r.courseName.slice(0, 200),
        resultDate: r.resultDate,
        bksbSessionId: r.sessionId,
        importedAt: now,
      })),
    );
    // Within the databases' limits on bound parameters (14 a row).
    for (let at = 0; at < rows.length; at += INSERT_ROWS) await manager.insert(BksbAssessmentResult, rows.slice(at, at + INSERT_ROWS));
    const tagged = await this.tagging.tagFirstResults(manager, settings, fresh);
    await manager.update(BksbAccountLink, people.map(({ link }) => linkAsRead(link)), { lastSyncedAt: now, state: 'active', missingCheckedAt: null });
    const lines: SystemLogLine[] = [];
    for (const { link, results } of fresh) {
      const { subjects, tagsApplied } = tagged.get(link.personId)!;
      outcomes.set(link.personId, { ...NOTHING_IMPORTED, imported: results.length, tagsApplied });
      if (results.length === 0) continue;
      lines.push({
        organisationId: link.organisationId,
        source: 'bksb',
        actor: null,
        message:
          `Imported ${results.length} new bksb result${results.length === 1 ? '' : 's'} for ${link.personType} ${link.personId} (${link.username})` +
          (subjects.length ? `; first ${subjects.join(', ')} initial result: ${tagsApplied} tag${tagsApplied === 1 ? '' : 's'} applied.` : '.'),
      });
    }
    await this.systemLog.writeAll(lines, transactionOf(manager));
    return outcomes;
  }

  /**
   * What the results of several people hold, in one query: a sync reads it a page at a
   * time instead of a query a person. Only what stops the reading of results early; what
   * is written is checked again in the person's transaction.
   */
  async knownResults(personIds: string[]): Promise<Map<string, KnownResults>> {
    const known = new Map<string, KnownResults>(
      personIds.map((id) => [id, { sessionIds: { initial: new Set(), diagnostic: new Set() }, initialSubjects: new Set() }]),
    );
    if (personIds.length === 0) return known;
    const rows = await this.results.find({ where: { personId: In(personIds) }, select: { personId: true, kind: true, subject: true, bksbSessionId: true } });
    for (const row of rows) {
      const person = known.get(row.personId)!;
      person.sessionIds[row.kind].add(row.bksbSessionId);
      if (row.kind === 'initial' && row.subject) person.initialSubjects.add(row.subject);
    }
    return known;
  }

  private async knownSessionIds(personId: string, kind: ResultKind): Promise<Set<number>> {
    const rows = await this.results.find({ where: { personId, kind }, select: { bksbSessionId: true } });
    return new Set(rows.map((r) => r.bksbSessionId));
  }

  /** Marks the link missing-in-bksb while it still names the user that was read; answers whether it did. */
  private async markMissing(link: BksbAccountLink): Promise<boolean> {
    return this.transactions.run(async (manager) => {
      const marked = await manager.update(BksbAccountLink, linkAsRead(link), { state: 'missing-in-bksb', missingCheckedAt: this.clock.now() });
      if (!marked.affected) return false;
      if (link.state !== 'missing-in-bksb') {
        await this.systemLog.write(
          {
            organisationId: link.organisationId,
            source: 'bksb',
            level: 'warn',
            actor: null,
            message: `bksb no longer knows the user ${link.username} (user id ${link.bksbUserId}) linked to ${link.personType} ${link.personId}; the link is marked missing in bksb.`,
          },
          transactionOf(manager),
        );
      }
      return true;
    });
  }
}
