import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

/** A page asked for under load: its path and the headers (the session cookie) it is asked with. */
export interface Page {
  name: string;
  path: string;
  headers: Record<string, string>;
  /** Connections of its own that ask for it. */
  connections: number;
}

export interface PageFigures {
  requests: number;
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Answers other than 2xx, by status, and requests that failed without an answer. */
  refused: Record<string, number>;
  failed: number;
}

export interface PageLoad {
  /** Stops asking, waits for the requests in flight, and answers each page's figures in ms. */
  stop(): Promise<Map<string, PageFigures>>;
}

/** The value below which `share` of the sorted values lie (nearest rank). */
export function percentile(sorted: number[], share: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1))];
}

/**
 * Asks for the pages until stopped, each over connections of its own (kept alive), each
 * connection `rate` requests a second on a fixed schedule (0: as fast as answers come).
 * A request's time runs from when the schedule meant to send it, so an answer held up by
 * a stalled event loop also counts the wait of the requests queued behind it (no
 * coordinated omission). Every request is timed; the percentiles are exact.
 */
export function startPageLoad(baseUrl: string, pages: Page[], rate: number): PageLoad {
  const url = new URL(baseUrl);
  let stopping = false;
  const startedAt = performance.now();
  const agents: Agent[] = [];
  const loops = pages.map(async (page) => {
    const agent = new Agent({ keepAlive: true, maxSockets: page.connections });
    agents.push(agent);
    const times: number[] = [];
    const refused: Record<string, number> = {};
    let failed = 0;
    const ask = (): Promise<number> =>
      new Promise((resolve, reject) => {
        const outgoing = request(
          { host: url.hostname, port: url.port, path: page.path, headers: page.headers, agent },
          (response) => {
            response.resume();
            response.on('end', () => resolve(response.statusCode ?? 0));
            response.on('error', reject);
          },
        );
        outgoing.on('error', reject);
        outgoing.end();
      });
    const connection = async (index: number) => {
      // The connections' schedules are spread over the interval, not in step.
      const interval = rate > 0 ? 1000 / rate : 0;
      let due = startedAt + (interval * index) / page.connections;
      while (!stopping) {
        const now = performance.now();
        if (due > now) await sleep(due - now);
        if (stopping) break;
        const from = rate > 0 ? due : performance.now();
        try {
          const status = await ask();
          if (status < 200 || status >= 300) refused[status] = (refused[status] ?? 0) + 1;
        } catch {
          failed += 1;
        }
        times.push(performance.now() - from);
        due += interval;
      }
    };
    await Promise.all(Array.from({ length: page.connections }, (_, i) => connection(i)));
    return { page, times, refused, failed };
  });
  return {
    async stop() {
      stopping = true;
      const seconds = (performance.now() - startedAt) / 1000;
      const done = await Promise.all(loops);
      for (const agent of agents) agent.destroy();
      return new Map(
        done.map(({ page, times, refused, failed }) => {
          const sorted = [...times].sort((a, b) => a - b);
          return [
            page.name,
            {
              requests: times.length,
              requestsPerSecond: times.length / seconds,
              p50: percentile(sorted, 0.5),
              p95: percentile(sorted, 0.95),
              p99: percentile(sorted, 0.99),
              max: sorted[sorted.length - 1] ?? Number.NaN,
              refused,
              failed,
            },
          ];
        }),
      );
    },
  };
}
