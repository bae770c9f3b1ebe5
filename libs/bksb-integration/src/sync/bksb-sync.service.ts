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
import { BksbAttempt } from '../client/bksb-api.types';
import { BksbError } from '../client/bksb-errors';
import { BksbAccountLink } from '../entities/bksb-account-link.entity';
import { BksbSyncRun, SyncTrigger } from '../entities/bksb-sync-run.entity';
import { BksbResultImportService } from '../services/bksb-result-import.service';
import { BksbSettingsService } from '../services/bksb-settings.service';
import { BeginOutcome, BksbSyncRunStore, MAX_LISTED_FAILURES, SyncProgress } from './bksb-sync-run.store';

/** How long a worker's claim on a run lasts without renewal; renewed every third of it. */
export const SYNC_LEASE_MS = 2 * 60 * 1000;
/** A bksb user that bksb no longer knows is asked about again after a day, not every run. */
const MISSING_RETRY_MS = 24 * 60 * 60 * 1000;
/** So many people in a row that bksb does not answer, and the run stops as unreachable. */
const UNREACHABLE_AFTER = 5;
const CANDIDATE_PAGE = 200;
const PEOPLE_AT_ONCE = 4;

class RunStopped extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** This instance is shutting down: the run is left for another instance to take over. */
class InstanceStopping extends Error {}

/**
 * Syncs one organisation: pages through its eligible people (the host decides who),
 * imports the results of those with a bksb account through the one import service,
 * counts calls, records failures per person, and stops the run only for what no
 * person can get past (keys, permissions, bksb unreachable).
 */
@Injectable()
export class BksbSyncService implements OnModuleDestroy {
  private readonly logger = new Logger('BksbSync');
  private readonly working = new Set<Promise<void>>();
  private stopping = false;
  /** This instance's name on the runs it works on. */
  readonly instanceId = `instance-${randomUUID().slice(0, 8)}`;

  constructor(
    private readonly store: BksbSyncRunStore,
    private readonly settings: BksbSettingsService,
    private readonly importer: BksbResultImportService,
    private readonly clock: Clock,
    @InjectRepository(BksbAccountLink) private readonly links: Repository<BksbAccountLink>,
    @Inject(PEOPLE_DIRECTORY) private readonly people: PeopleDirectory,
    @Inject(LICENCE_CHECKER) private readonly licences: LicenceChecker,
    @Inject(SYSTEM_LOG) private readonly systemLog: SystemLogWriter,
  ) {}

  /** Starts a run (or finds the running one) and works on it in the background. */
  async start(organisationId: string, trigger: SyncTrigger, tickKey = `manual:${randomUUID()}`): Promise<BeginOutcome> {
    const outcome = await this.store.begin(organisationId, trigger, tickKey, this.instanceId, SYNC_LEASE_MS);
    if (outcome.kind === 'started') void this.work(outcome.run);
    return outcome;
  }

  /** On shutdown, workers stop between people and hand their runs back (lease released). */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.working]);
  }

  /** Works on a run this instance owns until it is finished; never throws. */
  work(run: BksbSyncRun): Promise<void> {
    const working = this.workOn(run).finally(() => this.working.delete(working));
    this.working.add(working);
    return working;
  }

  private async workOn(run: BksbSyncRun): Promise<void> {
    const progress: SyncProgress = {
      peopleChecked: run.peopleChecked,
      resultsImported: run.resultsImported,
      tagsApplied: run.tagsApplied,
      apiCalls: run.apiCalls,
      failureCount: run.failureCount,
      failures: JSON.parse(run.failures) as SyncProgress['failures'],
    };
    let lost = false;
    const renewal = setInterval(() => {
      void this.store.renew(run, this.instanceId, SYNC_LEASE_MS, progress).then((mine) => (lost ||= !mine), () => undefined);
    }, SYNC_LEASE_MS / 3);
    renewal.unref();
    try {
      await this.process(run, progress, () => lost);
      const status = progress.failureCount > 0 ? 'partial' : 'succeeded';
      await this.store.finish(run, this.instanceId, status, progress, null);
    } catch (error) {
      if (error instanceof InstanceStopping) {
        await this.store.release(run, this.instanceId, progress).catch(() => undefined);
        return;
      }
      const reason = error instanceof RunStopped ? error.reason : 'The sync stopped on an unexpected error; see the server log.';
      if (!(error instanceof RunStopped)) this.logger.error(`Sync run ${run.id} of ${run.organisationId} failed: ${error instanceof Error ? error.stack : String(error)}`);
      await this.store.finish(run, this.instanceId, 'failed', progress, reason).catch(() => undefined);
    } finally {
      clearInterval(renewal);
    }
  }

  private async process(run: BksbSyncRun, progress: SyncProgress, lost: () => boolean): Promise<void> {
    await this.ensureStillOn(run.organisationId);
    const settings = await this.settings.runtime(run.organisationId);
    const windowStart = syncWindowStart(this.clock.now());
    const onAttempt = (attempt: BksbAttempt) => {
      progress.apiCalls += 1;
      if (settings.logScheduledSyncApiCalls) void this.logCall(run, attempt);
    };
    let unreachableInARow = 0;
    for (let afterId: string | null = null; ; ) {
      const candidates = await this.people.pageSyncCandidates(run.organisationId, windowStart, { afterId, limit: CANDIDATE_PAGE });
      if (candidates.length === 0) return;
      afterId = candidates[candidates.length - 1].id;
      const links = await this.due(run.organisationId, candidates.map((c) => c.id));
      await forEachLimited(links, PEOPLE_AT_ONCE, async (link) => {
        if (this.stopping) throw new InstanceStopping();
        if (lost()) throw new RunStopped('Another instance took this run over.');
        progress.peopleChecked += 1;
        try {
          const outcome = await this.importer.importPerson(settings, link, onAttempt);
          progress.resultsImported += outcome.imported;
          progress.tagsApplied += outcome.tagsApplied;
          unreachableInARow = 0;
          if (outcome.missing) this.fail(progress, link, `bksb no longer knows the user ${link.username}; asked again in a day.`);
        } catch (error) {
          if (!(error instanceof BksbError)) throw error;
          // No person gets past wrong keys, a missing permission, or bksb asking us to wait
          // longer than the client waits: the run stops, to be tried again at the next tick.
          if (error.kind === 'credentials' || error.kind === 'permissions' || error.kind === 'rate-limited') throw new RunStopped(error.message);
          unreachableInARow = error.kind === 'unavailable' ? unreachableInARow + 1 : 0;
          if (unreachableInARow >= UNREACHABLE_AFTER) throw new RunStopped(error.message);
          this.fail(progress, link, error.message);
        }
      });
      if (candidates.length < CANDIDATE_PAGE) return;
      await this.ensureStillOn(run.organisationId);
    }
  }

  /** Linked people among the candidates, leaving out those missing in bksb and asked about within a day. */
  private async due(organisationId: string, personIds: string[]): Promise<BksbAccountLink[]> {
    const links = await this.links.findBy({ organisationId, personId: In(personIds), state: In(['active', 'missing-in-bksb']) });
    const retryBefore = this.clock.now().getTime() - MISSING_RETRY_MS;
    return links.filter((link) => link.state === 'active' || (link.missingCheckedAt?.getTime() ?? 0) <= retryBefore);
  }

  /** A licence revoked or the integration switched off stops the run between pages. */
  private async ensureStillOn(organisationId: string): Promise<void> {
    if (!(await this.licences.isLicensed(organisationId, 'bksb'))) throw new RunStopped('The organisation no longer holds the bksb licence.');
    if (!(await this.settings.row(organisationId)).integrationEnabled) throw new RunStopped('The bksb integration is switched off.');
  }

  private fail(progress: SyncProgress, link: BksbAccountLink, message: string): void {
    progress.failureCount += 1;
    if (progress.failures.length < MAX_LISTED_FAILURES) progress.failures.push({ personType: link.personType, personId: link.personId, message });
  }

  private async logCall(run: BksbSyncRun, attempt: BksbAttempt): Promise<void> {
    await this.systemLog
      .write({
        organisationId: run.organisationId,
        source: 'bksb',
        actor: null,
        message: `${run.trigger} sync ${run.id}: ${attempt.method} /api/${attempt.path} -> ${attempt.status ?? attempt.outcome} in ${attempt.durationMs} ms${attempt.attempt > 1 ? ` (attempt ${attempt.attempt})` : ''}`,
      })
      .catch(() => undefined);
  }
}

/** Runs `work` for each item, at most `limit` at once; the first error stops the rest. */
async function forEachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
