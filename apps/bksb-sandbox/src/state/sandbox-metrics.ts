import { ENDPOINT_NAMES, EndpointName } from '../sandbox-types';
import { FaultKind } from './sandbox-faults';

/** What the sandbox saw of one call, as tests read it back. */
export interface RecordedRequest {
  endpoint: EndpointName;
  method: string;
  /** Path and query exactly as received. */
  url: string;
  query: Record<string, string>;
  /** Lower-cased names; the Authorization value is replaced by `Basic <accessKey>:[redacted]`. */
  headers: Record<string, string>;
  accessKey: string | null;
  /** The raw body, e.g. createUser's form text, unparsed. */
  body: string;
  receivedAt: string;
}

export interface RequestLogEntry {
  sequence: number;
  endpoint: EndpointName | null;
  method: string;
  url: string;
  accessKey: string | null;
  /** The status sent, or null when no answer was sent (hang, reset, lost answer, client gave up). */
  status: number | null;
  fault: FaultKind | null;
  durationMs: number;
}

export interface SandboxMetrics {
  /** Every /api/ request, unknown paths included. */
  totalCalls: number;
  calls: Record<EndpointName, number>;
  inFlight: number;
  maxInFlight: number;
  /** By the access key the request claimed (`(none)` without credentials). */
  inFlightByKey: Record<string, number>;
  maxInFlightByKey: Record<string, number>;
}

/** A request being served: fill in what becomes known, then finish it once. */
export interface RequestTrack {
  readonly entry: RequestLogEntry;
  finish(status: number | null): void;
}

const NO_KEY = '(none)';
const LOG_LIMIT = 1000;

function zeroCalls(): Record<EndpointName, number> {
  return Object.fromEntries(ENDPOINT_NAMES.map((name) => [name, 0])) as Record<EndpointName, number>;
}

/** Counts, concurrency and the last request per endpoint. */
export class SandboxMetricsRecorder {
  private totalCalls = 0;
  private calls = zeroCalls();
  private inFlight = 0;
  private maxInFlight = 0;
  private readonly inFlightByKey = new Map<string, number>();
  private maxInFlightByKey = new Map<string, number>();
  private lastRequests = new Map<EndpointName, RecordedRequest>();
  private log: RequestLogEntry[] = [];
  private sequence = 0;

  begin(method: string, url: string, accessKey: string | undefined): RequestTrack {
    const keyName = accessKey ?? NO_KEY;
    const startedAt = performance.now();
    this.totalCalls += 1;
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    const keyInFlight = (this.inFlightByKey.get(keyName) ?? 0) + 1;
    this.inFlightByKey.set(keyName, keyInFlight);
    this.maxInFlightByKey.set(keyName, Math.max(this.maxInFlightByKey.get(keyName) ?? 0, keyInFlight));
    this.sequence += 1;
    const entry: RequestLogEntry = {
      sequence: this.sequence,
      endpoint: null,
      method,
      url,
      accessKey: accessKey ?? null,
      status: null,
      fault: null,
      durationMs: 0,
    };
    let finished = false;
    return {
      entry,
      finish: (status) => {
        if (finished) return;
        finished = true;
        this.inFlight -= 1;
        const remaining = (this.inFlightByKey.get(keyName) ?? 1) - 1;
        if (remaining > 0) this.inFlightByKey.set(keyName, remaining);
        else this.inFlightByKey.delete(keyName);
        entry.status = status;
        entry.durationMs = Math.round((performance.now() - startedAt) * 10) / 10;
        this.log.push(entry);
        if (this.log.length > LOG_LIMIT) this.log.splice(0, this.log.length - LOG_LIMIT);
      },
    };
  }

  countCall(endpoint: EndpointName): void {
    this.calls[endpoint] += 1;
  }

  record(request: RecordedRequest): void {
    this.lastRequests.set(request.endpoint, request);
  }

  lastRequest(endpoint: EndpointName): RecordedRequest | undefined {
    const request = this.lastRequests.get(endpoint);
    return request && { ...request, query: { ...request.query }, headers: { ...request.headers } };
  }

  /** The latest finished requests, oldest first (up to 1000). */
  requestLog(): RequestLogEntry[] {
    return this.log.map((entry) => ({ ...entry }));
  }

  snapshot(): SandboxMetrics {
    return {
      totalCalls: this.totalCalls,
      calls: { ...this.calls },
      inFlight: this.inFlight,
      maxInFlight: this.maxInFlight,
      inFlightByKey: Object.fromEntries(this.inFlightByKey),
      maxInFlightByKey: Object.fromEntries(this.maxInFlightByKey),
    };
  }

  /** Zeroes the counts; requests still in flight stay counted as in flight. */
  reset(): void {
    this.totalCalls = 0;
    this.calls = zeroCalls();
    this.maxInFlight = this.inFlight;
    this.maxInFlightByKey = new Map(this.inFlightByKey);
    this.lastRequests = new Map();
    this.log = [];
  }
}
