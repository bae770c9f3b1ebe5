import { SandboxGenerators } from '../data/sandbox-generators';
import { SandboxStore } from '../data/sandbox-store';
import { SeededRandom } from '../data/seeded-random';
import {
  BksbSandboxOptions,
  DEFAULT_FIRST_USER_ID,
  DEFAULT_SEED,
  DEFAULT_USER_GROUPS,
  FIRST_SESSION_ID,
  FIRST_USER_GROUP_ID,
} from '../sandbox-options';
import { SandboxFaults } from './sandbox-faults';
import { DEFAULT_SANDBOX_KEYS, SandboxKeyRing } from './sandbox-keys';
import { SandboxLatency } from './sandbox-latency';
import { SandboxMetricsRecorder } from './sandbox-metrics';
import { DEFAULT_QUIRKS, SandboxQuirks, resolveQuirks } from './sandbox-quirks';
import { SandboxRateLimit } from './sandbox-rate-limit';
import { SandboxTimers } from './sandbox-timers';

/** Everything one sandbox holds: its data, its configured behaviour and what it observed. */
export class SandboxState {
  readonly store: SandboxStore;
  readonly keys: SandboxKeyRing;
  readonly faults: SandboxFaults;
  readonly rateLimit = new SandboxRateLimit();
  readonly latency: SandboxLatency;
  readonly metrics = new SandboxMetricsRecorder();
  readonly timers = new SandboxTimers();
  readonly generators: SandboxGenerators;
  quirks: SandboxQuirks;

  private readonly seed: number;
  private readonly dataRandom: SeededRandom;
  private readonly faultRandom: SeededRandom;
  private readonly jitterRandom: SeededRandom;

  constructor(private readonly options: BksbSandboxOptions) {
    this.seed = options.seed ?? DEFAULT_SEED;
    this.dataRandom = new SeededRandom(this.seed);
    this.faultRandom = new SeededRandom(this.seed + 1);
    this.jitterRandom = new SeededRandom(this.seed + 2);
    this.generators = new SandboxGenerators(this.dataRandom, options.clock ?? (() => new Date()));
    this.store = new SandboxStore({
      firstUserId: options.firstUserId ?? DEFAULT_FIRST_USER_ID,
      firstSessionId: FIRST_SESSION_ID,
      firstUserGroupId: FIRST_USER_GROUP_ID,
    });
    this.keys = new SandboxKeyRing(options.keys ?? DEFAULT_SANDBOX_KEYS);
    this.faults = new SandboxFaults(this.faultRandom);
    this.latency = new SandboxLatency(this.jitterRandom);
    this.quirks = { ...DEFAULT_QUIRKS };
    this.resetBehaviour();
    this.seedStartingData();
  }

  /** Back to the starting keys, latency, rate limit and quirks; no faults; counts zeroed. */
  resetBehaviour(): void {
    this.faultRandom.reseed(this.seed + 1);
    this.jitterRandom.reseed(this.seed + 2);
    this.faults.clear();
    this.keys.replace(this.options.keys ?? DEFAULT_SANDBOX_KEYS);
    this.latency.set(this.options.latency ?? { fixedMs: 0 });
    this.rateLimit.configure(this.options.rateLimit ?? null);
    this.quirks = resolveQuirks(DEFAULT_QUIRKS, this.options.quirks ?? {});
    this.metrics.reset();
  }

  /** Back to the starting data, generated again from the same seed. */
  resetData(): void {
    this.dataRandom.reseed(this.seed);
    this.store.clear();
    this.seedStartingData();
  }

  private seedStartingData(): void {
    for (let i = 0; i < (this.options.userGroups ?? DEFAULT_USER_GROUPS); i += 1) {
      this.store.addUserGroup(this.generators.group());
    }
    this.seedUsers(this.options.users ?? 0, true);
  }

  /** Generated users, with generated result histories when asked (with initial English and Maths results in each, when asked). */
  seedUsers(count: number, withResults: boolean, englishAndMaths = false): number[] {
    const userIds: number[] = [];
    for (let i = 0; i < count; i += 1) {
      const user = this.store.createUser(this.generators.person((name) => this.store.isUsernameTaken(name)));
      if (withResults) {
        for (const draft of this.generators.resultHistory({ englishAndMaths })) this.store.addResult(user.userId, draft);
      }
      userIds.push(user.userId);
    }
    return userIds;
  }
}
