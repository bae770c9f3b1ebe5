/**
 * Every timer the sandbox starts for a request, so closing it stops them all and a
 * test process can exit at once.
 */
export class SandboxTimers {
  private readonly timers = new Set<NodeJS.Timeout>();

  sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  /** Calls `tick` every `ms` until the returned stop function is called. */
  every(ms: number, tick: () => void): () => void {
    const timer = setInterval(tick, ms);
    this.timers.add(timer);
    return () => {
      clearInterval(timer);
      this.timers.delete(timer);
    };
  }

  /** Pending sleeps never resolve after this; their sockets are closed with the server. */
  clearAll(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
