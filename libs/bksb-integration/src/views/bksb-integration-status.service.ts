import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { INTEGRATION_STATUS_REGISTRY, IntegrationStatus, IntegrationStatusReader, IntegrationStatusRegistry } from '@picsweb/common';
import { In, Repository } from 'typeorm';
import { BksbSettings } from '../entities/bksb-settings.entity';
import { BksbSyncRunStore, SWEEP_TRIGGERS } from '../sync/bksb-sync-run.store';

/** Each organisation's bksb health for PICS support (no learner data), registered with the host at start. */
@Injectable()
export class BksbIntegrationStatusService implements IntegrationStatusReader, OnModuleInit {
  constructor(
    @InjectRepository(BksbSettings) private readonly settings: Repository<BksbSettings>,
    private readonly runs: BksbSyncRunStore,
    @Inject(INTEGRATION_STATUS_REGISTRY) private readonly registry: IntegrationStatusRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async statusOf(organisationIds: string[]): Promise<Map<string, IntegrationStatus>> {
    const rows = await this.settings.findBy({ organisationId: In(organisationIds) });
    const statuses = new Map<string, IntegrationStatus>();
    for (const row of rows) {
      // As on the Summary: the newest run of everyone; the fast lanes' frequent runs are counted apart.
      const latest = await this.runs.latestOf(row.organisationId, SWEEP_TRIGGERS);
      statuses.set(row.organisationId, { enabled: row.integrationEnabled, lastRunStatus: latest?.status ?? null, problem: row.problemMessage });
    }
    return statuses;
  }
}
