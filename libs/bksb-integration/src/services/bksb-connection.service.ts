import { BadRequestException, Injectable } from '@nestjs/common';
import { BksbApiClient } from '../client/bksb-api.client';
import { BksbAttemptListener, BksbCallContext, BksbConnection } from '../client/bksb-api.types';
import { BksbError } from '../client/bksb-errors';
import { TestConnectionDto } from '../dto/update-bksb-settings.dto';
import { BksbMetrics } from './bksb-metrics';
import { BksbRuntimeSettings, BksbSettingsService } from './bksb-settings.service';
import { ProblemKind } from '../domain/bksb-domain';

export interface ConnectionCheck {
  name: string;
  ok: boolean;
  message: string;
}

export interface ConnectionTestResult {
  ok: boolean;
  message: string;
  checks: ConnectionCheck[];
}

const PROBLEM_OF: Partial<Record<BksbError['kind'], ProblemKind>> = {
  credentials: 'credentials',
  permissions: 'permissions',
  unavailable: 'unreachable',
};
const CREATE_NOT_CHECKED = 'Creating users is not checked, as it would make a bksb user; it needs the same key with every Permission set to Allow.';
/** A user id no bksb site has: reading its results proves the permission without touching anyone's data. */
const PROBE_USER_ID = 2_147_483_647;

/**
 * Calls to bksb with an organisation's stored keys: each call's outcome sets or
 * clears the Summary's problem. Also the Settings screen's connection test.
 */
@Injectable()
export class BksbConnectionService {
  constructor(
    private readonly client: BksbApiClient,
    private readonly settings: BksbSettingsService,
    private readonly metrics: BksbMetrics,
  ) {}

  /**
   * Runs work against bksb with the organisation's stored keys and records how it went.
   * The problem is written only when it changes as far as `settings` knows (it is kept up
   * to date here), so a sync with nothing wrong writes nothing per call.
   */
  async call<T>(
    settings: BksbRuntimeSettings,
    work: (client: BksbApiClient, context: BksbCallContext) => Promise<T>,
    onAttempt?: BksbAttemptListener,
  ): Promise<T> {
    try {
      const result = await work(this.client, { connection: this.settings.connectionOf(settings), onAttempt: this.recorded(onAttempt) });
      if (settings.problemKind !== null) {
        settings.problemKind = null;
        await this.settings.recordProblem(settings.organisationId, null);
      }
      return result;
    } catch (error) {
      const kind = error instanceof BksbError ? PROBLEM_OF[error.kind] : undefined;
      if (kind && kind !== settings.problemKind) {
        settings.problemKind = kind;
        await this.settings.recordProblem(settings.organisationId, { kind, message: (error as BksbError).message });
      }
      throw error;
    }
  }

  /** Reads users and reads results with the given or stored keys; saves nothing. */
  async test(organisationId: string, given: TestConnectionDto): Promise<ConnectionTestResult> {
    const stored = await this.settings.runtime(organisationId);
    const connection: BksbConnection = {
      organisationId,
      region: given.region ?? stored.region,
      accessKey: given.apiAccessKey ?? stored.apiAccessKey ?? '',
      secretKey: given.apiSecretKey ?? stored.apiSecretKey ?? '',
    };
    const missing = [
      ...(connection.accessKey ? [] : [{ field: 'apiAccessKey', message: 'apiAccessKey is needed: enter it here or save it in Settings.' }]),
      ...(connection.secretKey ? [] : [{ field: 'apiSecretKey', message: 'apiSecretKey is needed: enter it here or save it in Settings.' }]),
    ];
    if (missing.length > 0) throw new BadRequestException({ message: 'There are no keys to test. Enter the API keys first.', errors: missing });

    const context: BksbCallContext = { connection, maxAttempts: 1, onAttempt: this.recorded() };
    const checks = [
      await this.check('Read users', 'Reading users works.', () => this.client.usernameExists(context, 'picsweb-connection-test')),
      await this.check('Read results', 'Reading results works.', () =>
        this.client.readNewResults(context, PROBE_USER_ID, 'initial', new Set()).catch((error: unknown) => {
          // Past the keys and the permission, bksb only objects to the made-up user.
          if (error instanceof BksbError && (error.kind === 'not-found' || error.kind === 'rejected')) return [];
          throw error;
        }),
      ),
    ];
    const ok = checks.every((c) => c.ok);
    const usesStoredKeys = given.apiAccessKey === undefined && given.apiSecretKey === undefined && given.region === undefined;
    if (usesStoredKeys) {
      const failure = checks.find((c) => !c.ok) as (ConnectionCheck & { kind?: ProblemKind }) | undefined;
      await this.settings.recordProblem(organisationId, failure?.kind ? { kind: failure.kind, message: failure.message } : null);
    }
    const first = checks.find((c) => !c.ok);
    return {
      ok,
      message: ok ? `Connected to bksb: reading users and results works. ${CREATE_NOT_CHECKED}` : `${first!.message} ${CREATE_NOT_CHECKED}`,
      checks: checks.map(({ name, ok: passed, message }) => ({ name, ok: passed, message })),
    };
  }

  /** Every attempt is counted in the metrics, and reported to the caller's listener when there is one. */
  private recorded(onAttempt?: BksbAttemptListener): BksbAttemptListener {
    return (attempt) => {
      this.metrics.callMade(attempt);
      onAttempt?.(attempt);
    };
  }

  private async check(name: string, success: string, probe: () => Promise<unknown>): Promise<ConnectionCheck & { kind?: ProblemKind }> {
    try {
      await probe();
      return { name, ok: true, message: success };
    } catch (error) {
      if (!(error instanceof BksbError)) throw error;
      return { name, ok: false, message: error.message, kind: PROBLEM_OF[error.kind] };
    }
  }
}
