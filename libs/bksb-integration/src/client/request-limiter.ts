import { setImmediate, setTimeout as sleep } from 'node:timers/promises';

/** A counting semaphore: at most `size` holders at once, the rest wait in order. */
class Semaphore {
  private holders = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly size: number) {}

  async acquire(): Promise<void> {
    if (this.holders < this.size) {
      this.holders += 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  /** Frees a place, handing it straight to the first waiter; true when there was one. */
  release(): boolean {
    const next = this.waiting.shift();
    if (next) next();
    else this.holders -= 1;
    return next !== undefined;
  }

  get idle(): boolean {
    return this.holders === 0 && this.waiting.length === 0;
  }
}

export interface RequestLimits {
  /** Requests in flight at once for one organisation. */
  perOrganisationConcurrency: number;
  /** Requests started per second for one organisation. */
  perOrganisationPerSecond: number;
  /** Requests in flight at once for the whole instance. */
  globalConcurrency: number;
}

/**
 * Keeps each organisation's calls to bksb within its limits (in flight and per
 * second) and the instance within a global limit, so one busy organisation cannot
 * starve the others or trip bksb's rate limit for everyone.
 */
export class RequestLimiter {
  private readonly global: Semaphore;
  private readonly organisations = new Map<string, { slots: Semaphore; nextStartAt: number }>();

  constructor(private readonly limits: RequestLimits) {
    this.global = new Semaphore(limits.globalConcurrency);
  }

  async run<T>(organisationId: string, work: () => Promise<T>): Promise<T> {
    const organisation = this.organisationState(organisationId);
    await organisation.slots.acquire();
    try {
      const now = Date.now();
      const startAt = Math.max(now, organisation.nextStartAt);
      organisation.nextStartAt = startAt + 1000 / this.limits.perOrganisationPerSecond;
      if (startAt > now) await sleep(startAt - now);
      await this.global.acquire();
      try {
        return await work();
      } finally {
        this.global.release();
      }
    } finally {
      const handedOn = organisation.slots.release();
      if (organisation.slots.idle && organisation.nextStartAt <= Date.now()) this.organisations.delete(organisationId);
      // The call given this place is sent before the caller goes on. Node writes a request
      // only once the promise jobs already queued have run, and the caller's next steps are
      // such jobs (on the embedded database, synchronous SQLite work): without this turn of
      // the event loop they would hold the place idle, adding their time to every call.
      if (handedOn) await setImmediate();
    }
  }

  private organisationState(organisationId: string) {
    let state = this.organisations.get(organisationId);
    if (!state) {
      state = { slots: new Semaphore(this.limits.perOrganisationConcurrency), nextStartAt: 0 };
      this.organisations.set(organisationId, state);
    }
    return state;
  }
}
