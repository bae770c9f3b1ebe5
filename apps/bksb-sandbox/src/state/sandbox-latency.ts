import { SeededRandom } from '../data/seeded-random';

export interface LatencySpec {
  /** Milliseconds every /api/ answer waits. */
  fixedMs: number;
  /** Up to this many milliseconds more, evenly spread. */
  jitterMs?: number;
}

export interface ResolvedLatency {
  fixedMs: number;
  jitterMs: number;
}

/** How long each /api/ call waits before it is handled. */
export class SandboxLatency {
  private latency: ResolvedLatency = { fixedMs: 0, jitterMs: 0 };

  constructor(private readonly random: SeededRandom) {}

  set(spec: LatencySpec): ResolvedLatency {
    const jitterMs = spec.jitterMs ?? 0;
    if (!(spec.fixedMs >= 0 && jitterMs >= 0 && Number.isFinite(spec.fixedMs) && Number.isFinite(jitterMs))) {
      throw new RangeError('fixedMs and jitterMs must be numbers of 0 or more.');
    }
    this.latency = { fixedMs: spec.fixedMs, jitterMs };
    return this.current();
  }

  current(): ResolvedLatency {
    return { ...this.latency };
  }

  nextDelayMs(): number {
    const { fixedMs, jitterMs } = this.latency;
    return jitterMs > 0 ? fixedMs + this.random.next() * jitterMs : fixedMs;
  }
}
