import { Injectable, Logger } from '@nestjs/common';
import { Clock, CounterMetric, HistogramDefinition, HistogramMetric, MetricDefinition, Metrics } from '@picsweb/common';
import { performance } from 'node:perf_hooks';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The outbox's waiting emails, of every instance (read from the database at each scrape). */
export interface PendingMail {
  count: number;
  oldestCreatedAt: Date | null;
}

/**
 * The host's Prometheus registry, one per app: the process's defaults, the host's own
 * metrics (HTTP, mail, sign-in), and whatever a plugin registers through the metrics port.
 * Labels never carry a name, an email, a user name or a secret.
 */
@Injectable()
export class MetricsService implements Metrics {
  private readonly logger = new Logger('Metrics');
  private readonly registry = new Registry();
  private pendingMail: (() => Promise<PendingMail>) | null = null;

  readonly httpRequestDuration = new Histogram({
    name: 'picsweb_http_request_duration_seconds',
    help: 'HTTP requests answered, by method, route pattern (never the raw path) and status, and how long each took.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly mailSent = new Counter({
    name: 'picsweb_mail_sent_total',
    help: 'Emails handed to the SMTP server by this instance.',
    registers: [this.registry],
  });

  readonly mailFailed = new Counter({
    name: 'picsweb_mail_failed_total',
    help: 'Delivery attempts of emails that failed on this instance; final="true" when the email was given up.',
    labelNames: ['final'] as const,
    registers: [this.registry],
  });

  readonly loginFailures = new Counter({
    name: 'picsweb_login_failures_total',
    help: 'Sign-ins refused for a wrong password or an unknown email (API and pages) on this instance.',
    registers: [this.registry],
  });

  readonly loginThrottled = new Counter({
    name: 'picsweb_login_throttled_total',
    help: 'Sign-ins refused with 429 by the sign-in throttling on this instance, before any password was checked.',
    registers: [this.registry],
  });

  constructor(private readonly clock: Clock) {
    collectDefaultMetrics({ register: this.registry });
    // prom-client's defaults give the event loop's delay (nodejs_eventloop_lag_*, since the previous scrape); how busy it was is not among them.
    let loopAsScraped = performance.eventLoopUtilization();
    const loopBusy: Counter = new Counter({
      name: 'picsweb_eventloop_busy_seconds_total',
      help: "Seconds the event loop spent running callbacks rather than waiting for I/O (its utilisation is this counter's rate).",
      registers: [this.registry],
      collect: (): void => {
        const now = performance.eventLoopUtilization();
        loopBusy.inc((now.active - loopAsScraped.active) / 1000);
        loopAsScraped = now;
      },
    });
    const pending: Gauge = new Gauge({
      name: 'picsweb_mail_pending',
      help: 'Emails waiting in the outbox (all instances: read from the database); NaN when it cannot be read.',
      registers: [this.registry],
      collect: async (): Promise<void> => pending.set((await this.readPendingMail())?.count ?? Number.NaN),
    });
    const oldest: Gauge = new Gauge({
      name: 'picsweb_mail_oldest_pending_seconds',
      help: 'How long the oldest waiting email has waited (0 when none); NaN when it cannot be read.',
      registers: [this.registry],
      collect: async (): Promise<void> => {
        const waiting = await this.readPendingMail();
        const since = waiting?.oldestCreatedAt;
        oldest.set(!waiting ? Number.NaN : since ? Math.max(0, this.clock.now().getTime() - since.getTime()) / 1000 : 0);
      },
    });
  }

  counter<Label extends string>(definition: MetricDefinition<Label>): CounterMetric<Label> {
    return new Counter({ ...definition, labelNames: [...definition.labelNames], registers: [this.registry] });
  }

  histogram<Label extends string>(definition: HistogramDefinition<Label>): HistogramMetric<Label> {
    return new Histogram({ ...definition, labelNames: [...definition.labelNames], registers: [this.registry] });
  }

  /** Where the outbox's waiting emails are read from at each scrape (the mail outbox says). */
  measurePendingMail(read: () => Promise<PendingMail>): void {
    this.pendingMail = read;
  }

  /** Everything, in the Prometheus text format. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private async readPendingMail(): Promise<PendingMail | null> {
    if (!this.pendingMail) return null;
    try {
      return await this.pendingMail();
    } catch (error) {
      this.logger.warn(`The outbox's waiting emails could not be counted for /metrics: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  }
}
