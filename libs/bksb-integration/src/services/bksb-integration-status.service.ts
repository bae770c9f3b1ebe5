import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IntegrationStatus, IntegrationStatusReader } from '@picsweb/common';
import { In, Repository } from 'typeorm';
import { BksbSettings } from '../entities/bksb-settings.entity';

/** Each organisation's bksb health for PICS support (no learner data). */
@Injectable()
export class BksbIntegrationStatusService implements IntegrationStatusReader {
  constructor(@InjectRepository(BksbSettings) private readonly settings: Repository<BksbSettings>) {}

  async statusOf(organisationIds: string[]): Promise<Map<string, IntegrationStatus>> {
    const rows = await this.settings.findBy({ organisationId: In(organisationIds) });
    return new Map(
      rows.map((row) => [
        row.organisationId,
        { enabled: row.integrationEnabled, lastRunStatus: null, problem: row.problemMessage },
      ]),
    );
  }
}
