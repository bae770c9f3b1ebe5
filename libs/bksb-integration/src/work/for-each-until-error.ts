import pMap from 'p-map';

/**
 * Runs `work` for each item in order, at most `concurrency` at once. The first error
 * starts no more work and is thrown once the work already started has ended, so
 * nothing of a run or job still goes on after it is finished or handed back.
 */
export async function forEachUntilError<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  const started: Array<Promise<void>> = [];
  try {
    await pMap(
      items,
      (item) => {
        const working = work(item);
        started.push(working);
        return working;
      },
      { concurrency, stopOnError: true },
    );
  } finally {
    await Promise.allSettled(started);
  }
}
