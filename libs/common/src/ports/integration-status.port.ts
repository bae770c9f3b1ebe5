export const INTEGRATION_STATUS_READER = Symbol('IntegrationStatusReader');

/** An organisation's integration health as PICS support sees it. */
export interface IntegrationStatus {
  enabled: boolean;
  lastRunStatus: 'running' | 'succeeded' | 'partial' | 'failed' | null;
  problem: string | null;
}

/** Port (implemented by a plugin, optional for the host): integration health per organisation. */
export interface IntegrationStatusReader {
  statusOf(organisationIds: string[]): Promise<Map<string, IntegrationStatus>>;
}
