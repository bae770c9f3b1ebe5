/**
 * Group commit: items are written in the background, those that come while a write is
 * under way (or in the same turn of the event loop) all together by the next one, so a
 * burst costs a few writes rather than one an item, and the caller goes on meanwhile (a
 * sync's next calls to bksb while the results read so far are written). `add` waits
 * only while `maxWaiting` items wait. A write takes at most `maxPerWrite` items, the
 * rest going to the next, after a turn of the event loop: on SQLite a write's statements
 * run without yielding (the driver is synchronous), so the group's size is how long the
 * pages wait. The first failure stops the writing; it is thrown by the next `add` and by
 * `throwIfFailed`.
 */
export class GroupWriter<T> {
  private waiting: T[] = [];
  private writing: Promise<void> | null = null;
  /** Callers of `add` waiting for the waiting items to be taken. */
  private readonly waitingForRoom: Array<() => void> = [];
  private failed: { error: unknown } | null = null;

  constructor(
    private readonly write: (items: T[]) => Promise<void>,
    private readonly maxWaiting: number,
    private readonly maxPerWrite = 16,
  ) {}

  async add(item: T): Promise<void> {
    while (this.writing && this.waiting.length >= this.maxWaiting) await new Promise<void>((resolve) => this.waitingForRoom.push(resolve));
    this.throwIfFailed();
    this.waiting.push(item);
    this.writing ??= this.writeWaiting();
  }

  /** Waits until everything added is written, or the writing has failed; never throws. */
  async settled(): Promise<void> {
    while (this.writing) await this.writing;
  }

  throwIfFailed(): void {
    if (this.failed) throw this.failed.error;
  }

  private async writeWaiting(): Promise<void> {
    try {
      while (this.waiting.length > 0 && !this.failed) {
        // What else this turn of the event loop brings (answers that came together) joins the write.
        await new Promise((resolve) => setImmediate(resolve));
        const items = this.waiting.splice(0, this.maxPerWrite);
        this.wakeWaiting();
        await this.write(items).catch((error: unknown) => {
          this.failed = { error };
        });
      }
    } finally {
      this.writing = null;
      this.wakeWaiting();
    }
  }

  private wakeWaiting(): void {
    for (const wake of this.waitingForRoom.splice(0)) wake();
  }
}
