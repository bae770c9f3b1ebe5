export const INTEGRATION_STATUS_REGISTRY = Symbol('IntegrationStatusRegistry');

/** An organisation's integration health as PICS support sees it. */
export interface IntegrationStatus {
  enabled: boolean;
  lastRunStatus: 'running' | 'succeeded' | 'partial' | 'failed' | null;
  problem: string | null;
}

/** Port (implemented by a plugin): integration health per organisation. */
export interface IntegrationStatusReader {
  statusOf(organisationIds: string[]): Promise<Map<string, IntegrationStatus>>;
}

/** Port (implemented by the host, given to a plugin): where the plugin registers its status reader at start. */
export interface IntegrationStatusRegistry {
  register(reader: IntegrationStatusReader): void;
}
