import { ConflictException, HttpException, Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, ServiceUnavailableException } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import {
  Clock,
  DirectoryPerson,
  formatUkDateTime,
  LICENCE_CHECKER,
  LicenceChecker,
  PEOPLE_DIRECTORY,
  PeopleDirectory,
  syncWindowStart,
  SYSTEM_LOG,
  SystemLogWriter,
  transactionOf,
} from '@picsweb/common';
import { CronJob } from 'cron';
import { randomInt, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { EntityManager } from 'typeorm';
import { BKSB_MODULE_OPTIONS, BksbIntegrationModuleOptions } from '../bksb-integration.module-definition';
import { BKSB_CLIENT_OPTIONS, BksbClientOptions } from '../client/bksb-client.options';
import { BksbError } from '../client/bksb-errors';
import { AllPeopleDto, BulkPersonRefDto } from '../dto/start-bulk-action.dto';
import { BksbAccountLink } from '../entities/bksb-account-link.entity';
import { BksbBulkJob, BksbBulkJobItem, BulkAction, BulkOutcome } from '../entities/bksb-bulk-job.entity';
import { BksbAccountService } from '../services/bksb-account.service';
import { Actor, nameOf } from '../services/bksb-person';
import { BksbSettingsService, INTEGRATION_OFF } from '../services/bksb-settings.service';
import { BksbUnmatchedService } from '../views/bksb-unmatched.service';
import { forEachUntilError } from '../work/for-each-until-error';
import { BksbBulkJobStore, BulkPerson } from './bksb-bulk-job.store';

/** How long a worker's claim on a job lasts without renewal, unless configured; renewed every third of it. */
export const BULK_LEASE_MS = 60 * 1000;
/** How often a person another worker of the same job is creating is looked at again. */
const CLAIM_POLL_MS = 500;
/** So many people in a row that bksb does not answer, and the job stops as unreachable. */
const UNREACHABLE_AFTER = 5;
/** The licence and the switch are checked again after so many people. */
const RECHECK_EVERY = 50;
const DAY_MS = 24 * 60 * 60 * 1000;

export const BULK_ACTION_LABELS: Record<BulkAction, string> = { create: 'Create bksb accounts', 'link-suggested': 'Link suggested accounts' };

const SHUTTING_DOWN = 'This server is shutting down, so it starts no bulk action. Start it again in a moment.';

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** What no person can get past (keys, permissions, the switch, the licence): the job ends as failed. */
class JobStopped extends Error {}

/**
 * This instance stops working on the job: it is shutting down, or it no longer holds the
 * job. Nothing more is recorded here; the job is handed back, and another instance (or
 * this one, later) carries on from the outcomes committed.
 */
class HandedBack extends Error {}

/**
 * This instance's hold on a job, from its lease: lost for good once a renewal fails or is
 * refused, an outcome is refused, or the lease runs out by this instance's clock without
 * a renewal (one that hangs). A job not held gets no more people started nor outcomes
 * recorded here: another instance may be working on it.
 */
class Hold {
  private lost = false;

  constructor(
    private endsAt: number,
    private readonly clock: Clock,
  ) {}

  get held(): boolean {
    this.lost ||= this.clock.now().getTime() >= this.endsAt;
    return !this.lost;
  }

  /** A renewal sent at `sentAt` was accepted: the lease lasts at least `leaseMs` from then. */
  renewed(sentAt: number, leaseMs: number): void {
    this.endsAt = Math.max(this.endsAt, sentAt + leaseMs);
  }

  lose(): void {
    this.lost = true;
  }
}

interface Settled {
  outcome: BulkOutcome;
  message: string | null;
}

/**
 * Bulk actions on the unmatched report: create bksb accounts, or link the suggested
 * ones, for many people. Each person goes through BksbAccountService's own create or
 * link, so its exactly-once rules hold person by person (a person already claimed or
 * linked is skipped, never created twice); calls go through the client and so within
 * the organisation's limits. A job lives in the database: one running job per
 * organisation, worked on by one instance at a time under a lease, handed back at
 * shutdown and taken over by another instance (or after a restart), which carries on
 * with the people that have no outcome yet. An instance that loses its lease (a database
 * outage, a pause) stops working on the job at once, so two never work on one job.
 */
@Injectable()
export class BksbBulkActionService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('BksbBulk');
  /** Starts, takeovers and jobs under way: shutdown waits for them. */
  private readonly working = new Set<Promise<unknown>>();
  /** Jobs this instance works on: never taken over from itself while the old work still ends. */
  private readonly jobsHere = new Set<string>();
  private stopping = false;
  private resumeTimer: NodeJS.Timeout | null = null;
  readonly instanceId = `instance-${randomUUID().slice(0, 8)}`;
  readonly leaseMs: number;
  /**
   * People worked on at once: twice the calls the organisation may have in flight, so
   * while some are in their database work (claim, confirm, email, log lines) others keep
   * every slot for calls to bksb busy; the client's limiter holds the rest back.
   */
  private readonly peopleAtOnce: number;

  constructor(
    private readonly store: BksbBulkJobStore,
    private readonly accounts: BksbAccountService,
    private readonly settings: BksbSettingsService,
    private readonly unmatched: BksbUnmatchedService,
    private readonly scheduler: SchedulerRegistry,
    private readonly clock: Clock,
    @Inject(PEOPLE_DIRECTORY) private readonly people: PeopleDirectory,
    @Inject(LICENCE_CHECKER) private readonly licences: LicenceChecker,
    @Inject(SYSTEM_LOG) private readonly systemLog: SystemLogWriter,
    @Inject(BKSB_MODULE_OPTIONS) private readonly options: BksbIntegrationModuleOptions,
    @Inject(BKSB_CLIENT_OPTIONS) clientOptions: BksbClientOptions,
  ) {
    this.peopleAtOnce = clientOptions.perOrganisationConcurrency * 2;
    this.leaseMs = options.bulkLeaseMs ?? BULK_LEASE_MS;
  }

  /** Jobs left by a stopped instance are finished here: at start, then whenever a lease runs out. */
  onApplicationBootstrap(): void {
    void this.resumeAbandoned();
    this.resumeTimer = setInterval(() => void this.resumeAbandoned(), this.leaseMs / 2);
    this.resumeTimer.unref();
    const prune = CronJob.from({ cronTime: `${randomInt(60)} 3 * * *`, onTick: () => void this.prune(), timeZone: 'Europe/London' });
    this.scheduler.addCronJob('bksb-bulk-prune', prune);
    prune.start();
  }

  /**
   * On shutdown no job is started or taken over and no person is started any more; people
   * under way finish, then jobs are handed back. A start or takeover under way may still
   * add a job, so this waits until nothing is left.
   */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    if (this.resumeTimer) clearInterval(this.resumeTimer);
    while (this.working.size > 0) await Promise.allSettled([...this.working]);
  }

  /**
   * Starts a job for the chosen people (or everyone on the unmatched report) and works on
   * it in the background; 409 while the organisation has one running. Once this instance
   * is shutting down it starts none: 503, to be sent again (another instance, or this one
   * restarted, answers it). A job saved just as shutdown began is handed back at once, and
   * another instance works on it.
   */
  async start(organisationId: string, action: BulkAction, selection: BulkPersonRefDto[] | AllPeopleDto, actor: Actor): Promise<BksbBulkJob> {
    if (this.stopping) throw new ServiceUnavailableException(SHUTTING_DOWN);
    return this.track(this.startJob(organisationId, action, selection, actor));
  }

  /** Takes over the jobs whose worker stopped (lease expired) and works on them; none once shutdown has begun. */
  async resumeAbandoned(): Promise<void> {
    if (!this.stopping) await this.track(this.takeOverAbandoned());
  }

  private async startJob(organisationId: string, action: BulkAction, selection: BulkPersonRefDto[] | AllPeopleDto, actor: Actor): Promise<BksbBulkJob> {
    await this.settings.requireEnabled(organisationId);
    const running = await this.store.running(organisationId);
    if (running) throw this.alreadyRunning(running);
    const people = selection instanceof AllPeopleDto ? await this.everyoneUnmatched(organisationId) : await this.chosen(organisationId, selection);
    const now = this.clock.now();
    const job: BksbBulkJob = {
      id: randomUUID(),
      organisationId,
      action,
      status: 'running',
      runningKey: organisationId,
      startedBy: actor.email,
      startedAt: now,
      finishedAt: null,
      owner: this.instanceId,
      leaseExpiresAt: new Date(now.getTime() + this.leaseMs),
      total: people.length,
      message: null,
    };
    const who = selection instanceof AllPeopleDto ? 'everyone without a bksb account' : 'the chosen people';
    const created = await this.store.create(job, people, (manager) =>
      this.log(manager, job, `${actor.email} started the bulk action "${BULK_ACTION_LABELS[action]}" (${job.id}) for ${who}: ${plural(people.length, 'person', 'people')}.`),
    );
    if (!created) {
      const winner = await this.store.running(organisationId);
      throw winner ? this.alreadyRunning(winner) : new ConflictException('Another bulk action has just started. Try again when it has finished.');
    }
    this.work(created);
    return created;
  }

  private async takeOverAbandoned(): Promise<void> {
    try {
      for (const job of await this.store.abandoned()) {
        if (this.jobsHere.has(job.id)) continue;
        const taken = await this.store.takeOver(job, this.instanceId, this.leaseMs);
        if (!taken) continue;
        this.logger.warn(`Taking over bulk action ${job.id} of ${job.organisationId}, left by a stopped instance.`);
        this.work(taken);
      }
    } catch (error) {
      this.logger.warn(`Could not look for bulk actions left by stopped instances: ${messageOf(error)}`);
    }
  }

  async prune(): Promise<void> {
    const cutoff = new Date(this.clock.now().getTime() - this.options.retentionDays * DAY_MS);
    try {
      const removed = await this.store.prune(cutoff);
      if (removed > 0) this.logger.log(`Pruned ${removed} bksb bulk actions older than ${this.options.retentionDays} days.`);
    } catch (error) {
      this.logger.warn(`Pruning bksb bulk actions older than ${this.options.retentionDays} days failed: ${messageOf(error)}`);
    }
  }

  /** Keeps `task` among what shutdown waits for until it settles; answers it as it is. */
  private track<T>(task: Promise<T>): Promise<T> {
    const settled: Promise<unknown> = task.catch(() => undefined).finally(() => this.working.delete(settled));
    this.working.add(settled);
    return task;
  }

  /** Works on a job this instance owns until every person has an outcome, or it stops; never throws. */
  private work(job: BksbBulkJob): void {
    this.jobsHere.add(job.id);
    void this.track(this.workOn(job).finally(() => this.jobsHere.delete(job.id)));
  }

  private async workOn(job: BksbBulkJob): Promise<void> {
    const hold = new Hold(job.leaseExpiresAt?.getTime() ?? 0, this.clock);
    const renewal = setInterval(() => {
      if (!hold.held) return;
      const sentAt = this.clock.now().getTime();
      void this.store.renew(job, this.instanceId, this.leaseMs).then(
        (mine) => (mine ? hold.renewed(sentAt, this.leaseMs) : this.lose(job, hold, 'is no longer this instance\'s')),
        (error: unknown) => this.lose(job, hold, 'could not have its lease renewed', error),
      );
    }, this.leaseMs / 3);
    renewal.unref();
    try {
      await this.process(job, hold);
      await this.finish(job, null);
    } catch (error) {
      // Not held, whatever stopped it is for the instance that carries on to meet and record.
      if (error instanceof HandedBack || !hold.held) {
        await this.store.release(job, this.instanceId).catch((e: unknown) => this.warn(job, 'could not be handed back', e));
        return;
      }
      const reason = error instanceof JobStopped ? error.message : 'The bulk action stopped on an unexpected error; see the server log.';
      if (!(error instanceof JobStopped)) this.logger.error(`Bulk action ${job.id} of ${job.organisationId} failed: ${error instanceof Error ? error.stack : String(error)}`);
      await this.finish(job, reason).catch((e: unknown) => this.warn(job, 'could not be recorded as failed', e));
    } finally {
      clearInterval(renewal);
    }
  }

  private async process(job: BksbBulkJob, hold: Hold): Promise<void> {
    const actor: Actor = { email: job.startedBy };
    let unreachableInARow = 0;
    let started = 0;
    await forEachUntilError(await this.store.pending(job.id), this.peopleAtOnce, async (item) => {
      if (started++ % RECHECK_EVERY === 0) await this.ensureStillOn(job.organisationId);
      this.ensureStillWorking(hold);
      const settled = await this.settle(job, item, actor, hold);
      if (settled.outcome === 'failed' && settled.unreachable) unreachableInARow += 1;
      else unreachableInARow = 0;
      // A person under way when the hold went keeps what was done (an account made is confirmed);
      // the outcome is left to the instance that carries on, which finds the account made by this job.
      if (!hold.held) throw new HandedBack();
      if (!(await this.store.record(job, this.instanceId, item.personId, settled.outcome, settled.message))) {
        this.lose(job, hold, 'is no longer this instance\'s');
        throw new HandedBack();
      }
      if (unreachableInARow >= UNREACHABLE_AFTER) throw new JobStopped(settled.message ?? 'bksb could not be reached.');
    });
  }

  /** No person is started once this instance is shutting down or no longer holds the job. */
  private ensureStillWorking(hold: Hold): void {
    if (this.stopping || !hold.held) throw new HandedBack();
  }

  /** One person, through the same create or link as a single request; what stops the whole job is thrown. */
  private async settle(job: BksbBulkJob, item: BksbBulkJobItem, actor: Actor, hold: Hold): Promise<Settled & { unreachable?: boolean }> {
    try {
      if (job.action === 'create') {
        const created = await this.accounts.create(job.organisationId, item.personType, item.personId, undefined, actor);
        return done(`Created ${created.username}${created.loginDetailsQueued ? '; login details queued' : ''}.`);
      }
      const person = await this.accounts.person(job.organisationId, item.personType, item.personId);
      if (!person.email) return skipped(`${nameOf(person)} has no email address, so bksb has no user to suggest.`);
      const linked = await this.accounts.linkExisting(job.organisationId, item.personType, item.personId, person.email, actor);
      return done(`Linked ${linked.username}.`);
    } catch (error) {
      if (!(error instanceof HttpException)) throw error;
      const cause = error.cause instanceof BksbError ? error.cause : null;
      if (cause && (cause.kind === 'credentials' || cause.kind === 'permissions')) throw new JobStopped(cause.message);
      if (error.message === INTEGRATION_OFF) throw new JobStopped(INTEGRATION_OFF);
      if (cause) return { outcome: 'failed', message: cause.message, unreachable: cause.kind === 'unavailable' };
      // A refusal about this person (already linked, being created, no email, a user name taken): nothing was made.
      return (await this.madeByThisJob(job, item, actor, hold)) ?? skipped(error.message);
    }
  }

  /**
   * After a crash between making an account and writing the outcome, or when the worker
   * that had the person under way lost the job, the person is linked already: by this
   * job's user since it started, so it was this job's doing. While that worker's creation
   * still holds its claim, the person is settled once the claim is.
   */
  private async madeByThisJob(job: BksbBulkJob, item: BksbBulkJobItem, actor: Actor, hold: Hold): Promise<Settled | null> {
    const link = await this.accounts.link(job.organisationId, item.personId);
    if (!link || link.createdBy !== job.startedBy || link.createdAt < job.startedAt) return null;
    if (link.state !== 'claimed') return done(`${link.createdByPics ? 'Created' : 'Linked'} ${link.username}.`);
    await this.claimEnded(job, link, hold);
    return this.settle(job, item, actor, hold);
  }

  /** Waits until a claim is confirmed, given up or abandoned (then another create resolves it); hands the job back if this instance stops meanwhile. */
  private async claimEnded(job: BksbBulkJob, claim: BksbAccountLink, hold: Hold): Promise<void> {
    for (;;) {
      await sleep(CLAIM_POLL_MS);
      this.ensureStillWorking(hold);
      const link = await this.accounts.link(job.organisationId, claim.personId);
      const expired = (link?.claimExpiresAt?.getTime() ?? 0) <= this.clock.now().getTime();
      if (link?.state !== 'claimed' || link.claimToken !== claim.claimToken || expired) return;
    }
  }

  /** Everyone on the unmatched report, each once: read by id, a page after the last id read. */
  private async everyoneUnmatched(organisationId: string): Promise<BulkPerson[]> {
    const people: BulkPerson[] = [];
    for await (const page of this.unmatched.everyone(organisationId)) people.push(...page.map(bulkPerson));
    return people;
  }

  /** The people of an explicit list, once each, in the order given; one not found still gets an outcome (skipped). */
  private async chosen(organisationId: string, refs: BulkPersonRefDto[]): Promise<BulkPerson[]> {
    const windowStart = syncWindowStart(this.clock.now());
    const seen = new Set<string>();
    const people: BulkPerson[] = [];
    for (const ref of refs) {
      if (seen.has(ref.id)) continue;
      seen.add(ref.id);
      const person = await this.people.getPerson(organisationId, ref.personType, ref.id, windowStart);
      people.push(person ? bulkPerson(person) : { type: ref.personType, id: ref.id, name: `Unknown ${ref.personType}` });
    }
    return people;
  }

  /** A licence revoked or the integration switched off stops the job. */
  private async ensureStillOn(organisationId: string): Promise<void> {
    if (!(await this.licences.isLicensed(organisationId, 'bksb'))) throw new JobStopped('The organisation no longer holds the bksb licence.');
    if (!(await this.settings.row(organisationId)).integrationEnabled) throw new JobStopped(INTEGRATION_OFF);
  }

  private alreadyRunning(job: BksbBulkJob): ConflictException {
    return new ConflictException(
      `A bulk action ("${BULK_ACTION_LABELS[job.action]}", started by ${job.startedBy} at ${formatUkDateTime(job.startedAt)}) is still running for your organisation; ` +
        `only one runs at a time. Start this one when it has finished (bulk action ${job.id}).`,
    );
  }

  /** Ends the job as done, or as failed with the reason, and says so in the system log. */
  private async finish(job: BksbBulkJob, failure: string | null): Promise<void> {
    const { counts } = await this.store.view(job.organisationId, job.id);
    const tally = `${counts.done} done, ${counts.skipped} skipped, ${counts.failed} failed`;
    const message = failure ? `The bulk action ${job.id} stopped (${tally}): ${failure}` : `The bulk action ${job.id} finished: ${tally}.`;
    await this.store.finish(job, this.instanceId, failure ? 'failed' : 'done', failure, (manager) => this.log(manager, job, message));
  }

  private log(manager: EntityManager, job: BksbBulkJob, message: string): Promise<void> {
    return this.systemLog.write({ organisationId: job.organisationId, source: 'bksb', actor: job.startedBy, message }, transactionOf(manager));
  }

  private lose(job: BksbBulkJob, hold: Hold, why: string, error?: unknown): void {
    hold.lose();
    this.warn(job, `${why}, so this instance stops working on it`, error);
  }

  private warn(job: BksbBulkJob, what: string, error?: unknown): void {
    this.logger.warn(`Bulk action ${job.id} of ${job.organisationId} ${what}${error === undefined ? '.' : `: ${messageOf(error)}`}`);
  }
}

const bulkPerson = (person: DirectoryPerson): BulkPerson => ({ type: person.type, id: person.id, name: nameOf(person) });
const done = (message: string): Settled => ({ outcome: 'done', message });
const skipped = (message: string): Settled => ({ outcome: 'skipped', message });
const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
