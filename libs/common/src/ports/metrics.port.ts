/** A metric's name (Prometheus style, e.g. `picsweb_bksb_calls_total`), its help text and its label names. */
export interface MetricDefinition<Label extends string> {
  name: string;
  help: string;
  labelNames: readonly Label[];
}

export interface HistogramDefinition<Label extends string> extends MetricDefinition<Label> {
  /** Upper bounds of the buckets, in the metric's unit (seconds for durations). */
  buckets: number[];
}

export type MetricLabels<Label extends string> = Record<Label, string>;

export interface CounterMetric<Label extends string> {
  inc(labels: MetricLabels<Label>, value?: number): void;
}

export interface HistogramMetric<Label extends string> {
  observe(labels: MetricLabels<Label>, value: number): void;
}

export const METRICS = Symbol('Metrics');

/**
 * Port (implemented by the host): counters and histograms in the host's registry, scraped
 * at /metrics. A label value must come from a small fixed set (an outcome, a trigger) or
 * be an organisation id; never a name, an email, a user name or anything secret.
 */
export interface Metrics {
  counter<Label extends string>(definition: MetricDefinition<Label>): CounterMetric<Label>;
  histogram<Label extends string>(definition: HistogramDefinition<Label>): HistogramMetric<Label>;
}
