import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  Clock,
  LICENCE_CHECKER,
  LicenceChecker,
  PEOPLE_DIRECTORY,
  PeopleDirectory,
  syncWindowStart,
  SYSTEM_LOG,
  SystemLogWriter,
} from '@picsweb/common';
import { randomUUID } from 'node:crypto';
import { In, Repository } from 'typeorm';
import { BksbAttempt, BksbAttemptListener } from '../client/bksb-api.types';
import { BKSB_MODULE_OPTIONS, BksbIntegrationModuleOptions } from '../bksb-integration.module-definition';
import { BKSB_CLIENT_OPTIONS, BksbClientOptions } from '../client/bksb-client.options';
import { BksbError } from '../client/bksb-errors';
import { BksbAccountLink } from '../entities/bksb-account-link.entity';
import { BksbSyncRun, SyncFailure, SyncTrigger } from '../entities/bksb-sync-run.entity';
import { BksbMetrics } from '../services/bksb-metrics';
import { BksbResultImportService, FetchedResults, KnownResults, NOTHING_IMPORTED, ReadResults } from '../services/bksb-result-import.service';
import { BksbSessionCheckService, SessionReading } from '../services/bksb-session-check.service';
import { BksbSkillsImportService, DiagnosticSession, ReadBreakdown } from '../services/bksb-skills-import.service';
import { BksbRuntimeSettings, BksbSettingsService } from '../services/bksb-settings.service';
import { forEachUntilError } from '../work/for-each-until-error';
import { GroupWriter } from '../work/group-writer';
import { BksbSyncRunStore, SyncRequestView } from './bksb-sync-run.store';
import { BksbSyncLanes, FastLane, laneOfScope, readsSessions } from './bksb-sync-lanes';
import { PersonOutcome, SyncTally } from './sync-tally';

/** How long a worker's claim on a run lasts without renewal (unless the module options say); renewed every third of it. */
export const SYNC_LEASE_MS = 2 * 60 * 1000;
/** A bksb user that bksb no longer knows is asked about again after a day, not every run. */
const MISSING_RETRY_MS = 24 * 60 * 60 * 1000;
/**
 * So many people in a row, in the order their checks end, that bksb does not answer
 * (with no success in between), and the run stops as unreachable.
 */
const UNREACHABLE_AFTER = 5;
const CANDIDATE_PAGE = 200;
/** People whose calls are done and whose writes wait, at most; written together. */
const WRITES_WAITING = 50;

/** What the calls of a person's check read (null: not read), written after the calls. */
interface PersonReading {
  results: FetchedResults | null;
  sessions: SessionReading | null;
  /** The component data of finished diagnostic sessions not read before (only with diagnostic results on). */
  skills?: ReadBreakdown[];
}

interface ReadPerson {
  link: BksbAccountLink;
  reading: PersonReading;
}

class RunStopped extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** This instance is shutting down: the run is left for another instance to take over. */
class InstanceStopping extends Error {}

/** This instance's lease on the run could not be renewed: it does nothing more for the run, which another instance (or a later takeover) continues. */
class LeaseLost extends Error {}

/**
 * Syncs one organisation: pages through its eligible people (the host decides who),
 * imports the results of those with a bksb account through the one import service,
 * refreshes the assessment sessions of subjects they have no result of (the chase
 * list, and who goes on the 2-minute lane), counts calls, records failures per person,
 * and stops the run only for what no person can get past (keys, permissions, bksb
 * unreachable).
 */
@Injectable()
export class BksbSyncService implements OnModuleDestroy {
  private readonly logger = new Logger('BksbSync');
  private readonly working = new Set<Promise<void>>();
  private stopping = false;
  /** This instance's name on the runs it works on. */
  readonly instanceId = `instance-${randomUUID().slice(0, 8)}`;
  /** People checked at once: as many as the organisation may have calls in flight. */
  private readonly peopleAtOnce: number;
  /** How long this instance's claim on a run lasts without renewal. */
  readonly leaseMs: number;

  constructor(
    private readonly store: BksbSyncRunStore,
    private readonly settings: BksbSettingsService,
    private readonly importer: BksbResultImportService,
    private readonly sessionChecks: BksbSessionCheckService,
    private readonly skills: BksbSkillsImportService,
    private readonly lanes: BksbSyncLanes,
    private readonly clock: Clock,
    @InjectRepository(BksbAccountLink) private readonly links: Repository<BksbAccountLink>,
    @Inject(PEOPLE_DIRECTORY) private readonly people: PeopleDirectory,
    @Inject(LICENCE_CHECKER) private readonly licences: LicenceChecker,
    @Inject(SYSTEM_LOG) private readonly systemLog: SystemLogWriter,
    @Inject(BKSB_CLIENT_OPTIONS) clientOptions: BksbClientOptions,
    @Inject(BKSB_MODULE_OPTIONS) options: BksbIntegrationModuleOptions,
    private readonly metrics: BksbMetrics,
  ) {
    this.peopleAtOnce = clientOptions.perOrganisationConcurrency;
    this.leaseMs = options.syncLeaseMs ?? SYNC_LEASE_MS;
  }

  /**
   * Records a reason to sync the organisation (a request; see BksbSyncRunStore.request)
   * and starts its next run if none is going: answers the request as it stands then
   * (running with its run, or queued behind the run in progress).
   */
  async request(organisationId: string, trigger: SyncTrigger, key = `manual:${randomUUID()}`): Promise<SyncRequestView> {
    const request = await this.store.request(organisationId, trigger, key);
    await this.startNext(organisationId);
    return this.store.requestView(organisationId, request.id);
  }

  /**
   * Starts the organisation's next run on this instance unless one is going: the run
   * left by a stopped instance (lease ended) is taken over first, with its own scope;
   * otherwise the oldest widest queued request's. Nothing starts once shutdown has begun.
   */
  async startNext(organisationId: string): Promise<void> {
    if (this.stopping) return;
    const abandoned = await this.store.abandoned(organisationId);
    if (abandoned.length > 0) {
      for (const run of abandoned) await this.takeOver(run);
      return;
    }
    const run = await this.store.startNext(organisationId, this.instanceId, this.leaseMs);
    if (run) void this.work(run);
  }

  /** Takes over a run whose lease has ended (unless another instance does first) and works on it here. */
  async takeOver(run: BksbSyncRun): Promise<void> {
    if (this.stopping) return;
    const taken = await this.store.takeOver(run, this.instanceId, this.leaseMs);
    if (!taken) return;
    this.logger.warn(`Taking over sync run ${run.id} of ${run.organisationId}, left by a stopped instance.`);
    void this.work(taken);
  }

  /** On shutdown, no run or person is started any more; people under way finish, then runs are handed back. */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.working]);
  }

  /**
   * Works on a run this instance owns, from its position, until it is finished or handed
   * back, then starts the organisation's next queued request; never throws.
   */
  work(run: BksbSyncRun): Promise<void> {
    const working = this.workOn(run)
      .then((ended) => (ended ? this.startNext(run.organisationId) : undefined))
      .catch((error: unknown) => this.warn(run, 'could not start the next queued request', error))
      .finally(() => this.working.delete(working));
    this.working.add(working);
    return working;
  }

  /** True when the run ended here (finished, or recorded as failed); false when it was handed back or lost. */
  private async workOn(run: BksbSyncRun): Promise<boolean> {
    const tally = new SyncTally(run);
    let lost = false;
    // A lease that cannot be renewed (another instance has the run, or the database did
    // not answer) stops the work here at once: the run goes on from its last checkpoint.
    const renewal = setInterval(() => {
      void this.store.renew(run, this.instanceId, this.leaseMs, tally.checkpoint()).then(
        (mine) => (lost ||= !mine),
        (error: unknown) => {
          lost = true;
          this.warn(run, 'could not renew its lease, so this instance stops working on it', error);
        },
      );
    }, this.leaseMs / 3);
    renewal.unref();
    try {
      await this.process(run, tally, () => lost);
      const progress = tally.final();
      const status = progress.failureCount === 0 ? 'succeeded' : progress.failureCount < progress.peopleChecked ? 'partial' : 'failed';
      if (await this.store.finish(run, this.instanceId, status, progress, null)) this.metrics.runFinished(run, status, progress);
      return true;
    } catch (error) {
      if (error instanceof InstanceStopping) {
        await this.store.release(run, this.instanceId, tally.checkpoint()).catch((e: unknown) => this.warn(run, 'could not be handed back', e));
        return false;
      }
      if (error instanceof LeaseLost) return false;
      const reason = error instanceof RunStopped ? error.reason : 'The sync stopped on an unexpected error; see the server log.';
      if (!(error instanceof RunStopped)) this.logger.error(`Sync run ${run.id} of ${run.organisationId} failed: ${error instanceof Error ? error.stack : String(error)}`);
      const progress = tally.final();
      const finished = await this.store.finish(run, this.instanceId, 'failed', progress, reason).catch((e: unknown) => {
        this.warn(run, 'could not be recorded as failed', e);
        return false;
      });
      if (finished) this.metrics.runFinished(run, 'failed', progress);
      return true;
    } finally {
      clearInterval(renewal);
    }
  }

  private async process(run: BksbSyncRun, tally: SyncTally, lost: () => boolean): Promise<void> {
    await this.ensureStillOn(run.organisationId);
    const settings = await this.settings.runtime(run.organisationId);
    const windowStart = syncWindowStart(this.clock.now());
    // A fast lane's run checks only its people (still eligible); the new-accounts lane reads their sessions now and then.
    const laneName = laneOfScope(run.scope);
    const lane = laneName ? await this.lanes.members(run.organisationId, laneName) : null;
    const sessionsFirst = run.scope === 'new-accounts' && readsSessions(run.startedAt);
    if (run.total === null) await this.store.setTotal(run, this.instanceId, await this.countDue(run.organisationId, windowStart, laneName));
    // While the fast lanes run, the sweep leaves the sessions of new accounts to their lane (Sync now reads everyone's).
    const sessionsLeftToLane = run.trigger === 'schedule' && this.lanes.scheduled ? await this.lanes.members(run.organisationId, 'fresh') : new Set<string>();
    const onAttempt = (attempt: BksbAttempt) => {
      tally.countCall();
      if (settings.logScheduledSyncApiCalls) void this.logCall(run, attempt);
    };
    // People bksb did not answer for, in the order their checks ended, since the last success.
    let unreachableInARow = 0;
    // What the results of the page's people hold, read once for the page (not a query a person).
    let known = new Map<string, KnownResults>();
    // The page's diagnostic sessions whose component data is still to read, likewise.
    let unreadSkills = new Map<string, DiagnosticSession[]>();
    // What people's calls read is written while the next people's calls are made, several people in one transaction.
    const writes = new GroupWriter<ReadPerson>(async (people) => {
      if (lost()) throw new LeaseLost();
      for (const outcome of await this.write(settings, people)) tally.record(outcome);
    }, WRITES_WAITING);
    const check = async (link: BksbAccountLink): Promise<void> => {
      if (this.stopping) throw new InstanceStopping();
      if (lost()) throw new LeaseLost();
      const knownNow = known.get(link.personId)!;
      let reading: PersonReading;
      try {
        reading = sessionsFirst
          ? await this.sessionsThenResults(settings, link, onAttempt, knownNow)
          : await this.resultsThenSessions(settings, link, onAttempt, knownNow, !lane && !sessionsLeftToLane.has(link.personId));
        if (settings.downloadDiagnosticResults && reading.results && !reading.results.userGone) {
          const sessions = this.skills.toRead(unreadSkills.get(link.personId) ?? [], reading.results.results);
          reading.skills = await this.skills.read(settings, link, sessions, onAttempt);
        }
        unreachableInARow = 0;
      } catch (error) {
        if (!(error instanceof BksbError)) throw error;
        const outcome: PersonOutcome = { personId: link.personId, imported: 0, tagsApplied: 0, failure: null };
        let stop: string | null = null;
        // No person gets past wrong keys, a missing permission, or bksb asking us to wait
        // longer than the client waits: the run stops, to be tried again at the next tick.
        if (error.kind === 'credentials' || error.kind === 'permissions' || error.kind === 'rate-limited') stop = error.message;
        else {
          outcome.failure = failureOf(link, error.message);
          if (error.kind === 'unavailable' && ++unreachableInARow >= UNREACHABLE_AFTER) stop = error.message;
        }
        tally.record(outcome);
        if (stop) throw new RunStopped(stop);
        return;
      }
      await writes.add({ link, reading });
    };
    for (let afterId = tally.position; ; ) {
      const candidates = await this.people.pageSyncCandidates(run.organisationId, windowStart, { afterId, limit: CANDIDATE_PAGE });
      if (candidates.length === 0) return;
      afterId = candidates[candidates.length - 1].id;
      const links = await this.due(run.organisationId, candidates.flatMap((c) => (!lane || lane.has(c.id) ? [c.id] : [])));
      known = await this.importer.knownResults(links.map((link) => link.personId));
      unreadSkills = settings.downloadDiagnosticResults ? await this.skills.unread(links.map((link) => link.personId)) : new Map();
      tally.startPage(links.map((link) => link.personId));
      // Nothing of the run goes on after it ends: its writes end first, whatever stopped it.
      await forEachUntilError(links, this.peopleAtOnce, check).finally(() => writes.settled());
      writes.throwIfFailed();
      tally.endPage(afterId);
      if (candidates.length < CANDIDATE_PAGE) return;
      if (lost()) throw new LeaseLost();
      await this.ensureStillOn(run.organisationId);
    }
  }

  /** A person's usual check: what is new of their results, then the sessions of subjects still without one (unless `withSessions` is false). */
  private async resultsThenSessions(
    settings: BksbRuntimeSettings,
    link: BksbAccountLink,
    onAttempt: BksbAttemptListener,
    known: KnownResults,
    withSessions: boolean,
  ): Promise<PersonReading> {
    const results = await this.importer.fetchNew(settings, link, { onAttempt, known });
    if (results.userGone || !withSessions) return { results, sessions: null };
    const initialSubjects = new Set(known.initialSubjects);
    for (const result of results.results) if (result.kind === 'initial' && result.subject) initialSubjects.add(result.subject);
    return { results, sessions: await this.sessionChecks.read(settings, link, onAttempt, initialSubjects) };
  }

  /**
   * A new-accounts run's check of a person at a sessions tick (readsSessions): the sessions
   * of the subjects without a result, then the results only when one of them shows
   * finished (its result is due), or when bksb does not know the user's sessions (the
   * results read tells a user gone from one without any).
   */
  private async sessionsThenResults(settings: BksbRuntimeSettings, link: BksbAccountLink, onAttempt: BksbAttemptListener, known: KnownResults): Promise<PersonReading> {
    const sessions = await this.sessionChecks.read(settings, link, onAttempt, known.initialSubjects).catch((error: unknown) => {
      if (error instanceof BksbError && error.kind === 'not-found') return null;
      throw error;
    });
    if (sessions !== null && ![...sessions.values()].some((seen) => seen.state === 'finished')) return { results: null, sessions };
    return { results: await this.importer.fetchNew(settings, link, { onAttempt, known }), sessions };
  }

  /** Writes what people's calls read, and answers their parts in the run. */
  private async write(settings: BksbRuntimeSettings, people: ReadPerson[]): Promise<PersonOutcome[]> {
    const withResults = people.flatMap(({ link, reading }): ReadResults[] => (reading.results ? [{ link, fetched: reading.results }] : []));
    const imported = new Map((await this.importer.storeForRun(settings, withResults)).map((outcome, i) => [withResults[i].link.personId, outcome]));
    const sessionsDropped = new Set(await this.sessionChecks.store(people.flatMap(({ link, reading }) => (reading.sessions ? [{ link, reading: reading.sessions }] : []))));
    await this.skills.store(people.flatMap(({ link, reading }) => (reading.skills ? [{ link, breakdowns: reading.skills }] : [])));
    return people.map(({ link }) => {
      const { imported: count, tagsApplied, missing, changed } = imported.get(link.personId) ?? NOTHING_IMPORTED;
      // Their link changed while bksb was read (unlinked, or linked to another user): nothing read was written.
      if (changed || sessionsDropped.has(link.personId)) return { personId: link.personId, imported: 0, tagsApplied: 0, failure: null, changed: true };
      const failure = missing ? failureOf(link, `bksb no longer knows the user ${link.username}; asked again in a day.`) : null;
      return { personId: link.personId, imported: count, tagsApplied, failure };
    });
  }

  /** How many eligible people a run will check: those with a link due (missing ones once a day), on its lane if it has one. */
  private async countDue(organisationId: string, windowStart: string, lane: FastLane | null): Promise<number> {
    const retryBefore = new Date(this.clock.now().getTime() - MISSING_RETRY_MS).toISOString();
    const due = `(link.state = 'active' OR (link.state = 'missing-in-bksb' AND (link.missing_checked_at IS NULL OR link.missing_checked_at <= '${retryBefore}')))`;
    const where = (personId: string) =>
      `EXISTS (SELECT 1 FROM bksb_account_links link WHERE link.person_id = ${personId} AND ${due}${lane ? ` AND ${this.lanes.condition(lane)}` : ''})`;
    return (await this.people.pageEligible(organisationId, windowStart, { skip: 0, take: 1, where })).total;
  }

  /**
   * Linked people among the candidates, in the candidates' (id) order, leaving out those
   * missing in bksb and asked about within a day.
   */
  private async due(organisationId: string, personIds: string[]): Promise<BksbAccountLink[]> {
    if (personIds.length === 0) return [];
    const links = await this.links.findBy({ organisationId, personId: In(personIds), state: In(['active', 'missing-in-bksb']) });
    const retryBefore = this.clock.now().getTime() - MISSING_RETRY_MS;
    const due = new Map(links.filter((link) => link.state === 'active' || (link.missingCheckedAt?.getTime() ?? 0) <= retryBefore).map((link) => [link.personId, link]));
    return personIds.flatMap((id) => due.get(id) ?? []);
  }

  /** A licence revoked or the integration switched off stops the run between pages. */
  private async ensureStillOn(organisationId: string): Promise<void> {
    if (!(await this.licences.isLicensed(organisationId, 'bksb'))) throw new RunStopped('The organisation no longer holds the bksb licence.');
    if (!(await this.settings.row(organisationId)).integrationEnabled) throw new RunStopped('The bksb integration is switched off.');
  }

  private async logCall(run: BksbSyncRun, attempt: BksbAttempt): Promise<void> {
    await this.systemLog
      .write({
        organisationId: run.organisationId,
        source: 'bksb',
        actor: null,
        message: `${run.trigger} sync ${run.id}: ${attempt.method} /api/${attempt.path} -> ${attempt.status ?? attempt.outcome} in ${attempt.durationMs} ms${attempt.attempt > 1 ? ` (attempt ${attempt.attempt})` : ''}`,
      })
      .catch((error: unknown) => this.warn(run, 'could not log a bksb call', error));
  }

  /** What the sync cannot record is said, never swallowed. */
  private warn(run: BksbSyncRun, what: string, error: unknown): void {
    this.logger.warn(`Sync run ${run.id} of ${run.organisationId} ${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const failureOf = (link: BksbAccountLink, message: string): SyncFailure => ({ personType: link.personType, personId: link.personId, message });
