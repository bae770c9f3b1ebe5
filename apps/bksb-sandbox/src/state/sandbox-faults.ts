import { SeededRandom } from '../data/seeded-random';
import { EndpointName } from '../sandbox-types';

export const FAULT_KINDS = ['http500', 'http503', 'hang', 'reset', 'garbage', 'trickle', 'lostAnswer', 'garbledAnswer', 'noComponents'] as const;

/**
 * - `http500`, `http503`: that status with a plain-text body (503 may carry Retry-After).
 * - `hang`: never answers; the socket stays open until the client gives up.
 * - `reset`: the connection is reset without an answer.
 * - `garbage`: 200 claiming JSON, with a body that is not JSON.
 * - `trickle`: the real answer, its body sent one byte every `trickleIntervalMs`.
 * - `lostAnswer`: the request is carried out (a createUser creates the user), then
 *   the connection is dropped before the answer.
 * - `garbledAnswer`: the request is carried out, then answered as `garbage` is.
 * - `noComponents`: 200 with an empty JSON array, as bksb answers a session it has
 *   no component data for (meant for the `components` endpoint).
 */
export type FaultKind = (typeof FAULT_KINDS)[number];

export function isFaultKind(value: string): value is FaultKind {
  return (FAULT_KINDS as readonly string[]).includes(value);
}

export interface FaultSpec {
  kind: FaultKind;
  /** One endpoint, or `all` (the default). */
  endpoint?: EndpointName | 'all';
  /** Fail the next N matching calls. The default when `rate` is not given: 1. */
  times?: number;
  /** Fail each matching call with this probability (0 to 1), until cleared. */
  rate?: number;
  /** For `trickle`: milliseconds between bytes (default 50). */
  trickleIntervalMs?: number;
  /** For `http503`: a Retry-After header in seconds. */
  retryAfterSeconds?: number;
}

export interface ActiveFault {
  id: string;
  kind: FaultKind;
  endpoint: EndpointName | 'all';
  /** Calls still to fail, or null for a rate fault. */
  remaining: number | null;
  rate: number | null;
  trickleIntervalMs: number;
  retryAfterSeconds: number | null;
  /** How many calls it has failed so far. */
  triggered: number;
}

/** The faults asked for, consulted once per /api/ call in the order they were added. */
export class SandboxFaults {
  private faults: ActiveFault[] = [];
  private sequence = 0;

  constructor(private readonly random: SeededRandom) {}

  add(spec: FaultSpec): ActiveFault {
    if (spec.rate !== undefined && spec.times !== undefined) {
      throw new RangeError('Give a fault either times or rate, not both.');
    }
    if (spec.rate !== undefined && !(spec.rate >= 0 && spec.rate <= 1)) {
      throw new RangeError('A fault rate is a probability from 0 to 1.');
    }
    if (spec.times !== undefined && !(Number.isInteger(spec.times) && spec.times >= 1)) {
      throw new RangeError('A fault times is a whole number of 1 or more.');
    }
    this.sequence += 1;
    const fault: ActiveFault = {
      id: `fault-${this.sequence}`,
      kind: spec.kind,
      endpoint: spec.endpoint ?? 'all',
      remaining: spec.rate === undefined ? (spec.times ?? 1) : null,
      rate: spec.rate ?? null,
      trickleIntervalMs: spec.trickleIntervalMs ?? 50,
      retryAfterSeconds: spec.retryAfterSeconds ?? null,
      triggered: 0,
    };
    this.faults.push(fault);
    return { ...fault };
  }

  list(): ActiveFault[] {
    return this.faults.map((fault) => ({ ...fault }));
  }

  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((fault) => fault.id !== id);
    return this.faults.length < before;
  }

  clear(): void {
    this.faults = [];
  }

  /** The fault this call suffers, if any; a counted fault is used up by it. */
  take(endpoint: EndpointName): ActiveFault | undefined {
    for (const fault of this.faults) {
      if (fault.endpoint !== 'all' && fault.endpoint !== endpoint) continue;
      if (fault.remaining !== null) {
        fault.remaining -= 1;
        fault.triggered += 1;
        if (fault.remaining <= 0) this.remove(fault.id);
        return { ...fault };
      }
      if (fault.rate !== null && this.random.next() < fault.rate) {
        fault.triggered += 1;
        return { ...fault };
      }
    }
    return undefined;
  }
}
