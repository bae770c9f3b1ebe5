import { EncryptionKey, LogFormat } from '@picsweb/common';

export type RunMode = 'demo' | 'production';

/** The validated, typed configuration. Read once at start-up; injected everywhere else. */
export class AppConfig {
  mode!: RunMode;
  host!: string;
  port!: number;
  dataDir!: string;
  /** Express's "trust proxy" setting; false unless TRUST_PROXY says otherwise. */
  trustProxy!: boolean | number | string;
  databaseUrl!: string;
  appSecret!: string;
  /** The key ring; the first key is the active one used for new values. */
  encryptionKeys!: EncryptionKey[];
  bksbApiUrl!: string | null;
  bksbSyncCron!: string | null;
  /** The new-accounts fast lane's schedule; null: every 10 minutes; "off": no fast lanes. */
  bksbFreshCron!: string | null;
  retentionDays!: number;
  smtpUrl!: string | null;
  mailFrom!: string;
  /** How often pending email is looked for. */
  mailPollSeconds!: number;
  /** First retry delay of an email; doubles each attempt. */
  mailRetrySeconds!: number;
  /** How long an instance's claim on an email lasts; renewed while it delivers, whose parts are bounded well within it. */
  mailClaimSeconds!: number;
  logFormat!: LogFormat;
  authTokenTtlSeconds!: number;
  /** How long a page session lasts after sign-in, however steadily it is used. */
  sessionMaxHours!: number;
  /** Whether /api/docs and /api/docs-json are served: always in the demo, in production when API_DOCS=true. */
  apiDocs!: boolean;
  /** The bearer token /metrics asks for on the app's port; null: /metrics is not served there. */
  metricsToken!: string | null;
  /** A port of its own for /metrics, without a token; null: none. */
  metricsPort!: number | null;
  /** The address METRICS_PORT listens on (loopback unless said otherwise). */
  metricsHost!: string;
  /** How long a sync worker's lease lasts, and how often every instance looks for runs whose lease has ended; unset: the plugin's defaults. */
  bksbSync!: { leaseMs?: number; takeoverCheckMs?: number };
  /** How long a bulk action's worker lease lasts (every instance looks for ended ones every half of it); unset: the plugin's default. */
  bksbBulkLeaseMs?: number;
  /** Tuning of calls to bksb; unset values take the client's defaults. */
  bksbClient!: {
    requestTimeoutMs?: number;
    maxAttempts?: number;
    retryBaseDelayMs?: number;
    retryAfterCapMs?: number;
    perOrganisationConcurrency?: number;
    perOrganisationPerSecond?: number;
    globalConcurrency?: number;
  };
}
