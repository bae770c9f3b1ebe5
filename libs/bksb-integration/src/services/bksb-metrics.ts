import { Inject, Injectable } from '@nestjs/common';
import { Clock, CounterMetric, HistogramMetric, METRICS, Metrics } from '@picsweb/common';
import { BksbAttempt } from '../client/bksb-api.types';
import { BksbSyncRun, SyncRunStatus, SyncTrigger } from '../entities/bksb-sync-run.entity';

type FinishedStatus = Exclude<SyncRunStatus, 'running'>;

/**
 * The plugin's metrics, recorded through the host's metrics port: calls to bksb, sync
 * runs and takeovers. The organisation id (a UUID, never a name) labels only the call
 * and run counters, one set of series per licensed organisation; no histogram has it.
 */
@Injectable()
export class BksbMetrics {
  private readonly calls: CounterMetric<'organisation_id' | 'endpoint' | 'outcome'>;
  private readonly callDuration: HistogramMetric<'endpoint' | 'outcome'>;
  private readonly runs: CounterMetric<'organisation_id' | 'trigger' | 'status'>;
  private readonly runDuration: HistogramMetric<'trigger' | 'status'>;
  private readonly peopleChecked: CounterMetric<'trigger'>;
  private readonly resultsImported: CounterMetric<'trigger'>;
  private readonly takeovers: CounterMetric<'trigger'>;

  constructor(
    @Inject(METRICS) metrics: Metrics,
    private readonly clock: Clock,
  ) {
    this.calls = metrics.counter({
      name: 'picsweb_bksb_calls_total',
      help: 'Calls (attempts) to bksb by organisation id, endpoint and outcome: ok, or the error kind (unavailable, rate-limited, credentials, permissions, not-found, rejected, bad-response).',
      labelNames: ['organisation_id', 'endpoint', 'outcome'],
    });
    this.callDuration = metrics.histogram({
      name: 'picsweb_bksb_call_duration_seconds',
      help: 'How long calls (attempts) to bksb took, by endpoint and outcome.',
      labelNames: ['endpoint', 'outcome'],
      buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30],
    });
    this.runs = metrics.counter({
      name: 'picsweb_bksb_sync_runs_total',
      help: 'Sync runs finished, by organisation id, trigger (schedule, manual, fresh, session) and status (succeeded, partial, failed).',
      labelNames: ['organisation_id', 'trigger', 'status'],
    });
    this.runDuration = metrics.histogram({
      name: 'picsweb_bksb_sync_run_duration_seconds',
      help: 'How long finished sync runs took from start to end (a taken-over run counts from its first start), by trigger and status.',
      labelNames: ['trigger', 'status'],
      buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200],
    });
    this.peopleChecked = metrics.counter({
      name: 'picsweb_bksb_sync_people_checked_total',
      help: 'People checked by finished sync runs, by trigger.',
      labelNames: ['trigger'],
    });
    this.resultsImported = metrics.counter({
      name: 'picsweb_bksb_sync_results_imported_total',
      help: 'Assessment results imported by finished sync runs, by trigger.',
      labelNames: ['trigger'],
    });
    this.takeovers = metrics.counter({
      name: 'picsweb_bksb_sync_takeovers_total',
      help: 'Sync runs taken over by this instance after their lease ended (their instance stopped or was lost), by trigger.',
      labelNames: ['trigger'],
    });
  }

  callMade(attempt: BksbAttempt): void {
    this.calls.inc({ organisation_id: attempt.organisationId, endpoint: attempt.endpoint, outcome: attempt.outcome });
    this.callDuration.observe({ endpoint: attempt.endpoint, outcome: attempt.outcome }, attempt.durationMs / 1000);
  }

  /** A run this instance finished, with its final counts. */
  runFinished(run: BksbSyncRun, status: FinishedStatus, counts: { peopleChecked: number; resultsImported: number }): void {
    this.runs.inc({ organisation_id: run.organisationId, trigger: run.trigger, status });
    this.runDuration.observe({ trigger: run.trigger, status }, (this.clock.now().getTime() - run.startedAt.getTime()) / 1000);
    this.peopleChecked.inc({ trigger: run.trigger }, counts.peopleChecked);
    this.resultsImported.inc({ trigger: run.trigger }, counts.resultsImported);
  }

  runTakenOver(trigger: SyncTrigger): void {
    this.takeovers.inc({ trigger });
  }
}
