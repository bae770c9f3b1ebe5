import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  Clock,
  IntegrationStatus,
  IntegrationStatusReader,
  IntegrationStatusRegistry,
  LicenceChecker,
  LicenceName,
  LICENCES,
  TransactionRunner,
  transactionOf,
} from '@picsweb/common';
import { randomUUID } from 'node:crypto';
import { In, Repository } from 'typeorm';
import { SystemLogService } from '../system-log/system-log.service';
import { OrganisationLicence } from './organisation-licence.entity';
import { Organisation } from './organisation.entity';

export interface OrganisationView {
  id: string;
  name: string;
  licences: Record<LicenceName, boolean>;
  bksb: IntegrationStatus;
}

const NO_INTEGRATION: IntegrationStatus = { enabled: false, lastRunStatus: null, problem: null };

export const nameKeyOf = (name: string) => name.trim().toLowerCase();

/** Organisations and their licences; also the host's implementation of the licence and integration-status ports. */
@Injectable()
export class OrganisationsService implements LicenceChecker, IntegrationStatusRegistry {
  /** The mounted plugin's status reader; none without the plugin. */
  private statusReader: IntegrationStatusReader | null = null;

  constructor(
    @InjectRepository(Organisation) private readonly organisations: Repository<Organisation>,
    @InjectRepository(OrganisationLicence) private readonly licences: Repository<OrganisationLicence>,
    private readonly transactions: TransactionRunner,
    private readonly systemLog: SystemLogService,
    private readonly clock: Clock,
  ) {}

  register(reader: IntegrationStatusReader): void {
    this.statusReader = reader;
  }

  async create(name: string): Promise<Organisation> {
    const organisation: Organisation = { id: randomUUID(), name: name.trim(), nameKey: nameKeyOf(name), createdAt: this.clock.now() };
    return this.transactions.run(async (manager) => {
      if (await manager.existsBy(Organisation, { nameKey: organisation.nameKey })) {
        throw new ConflictException(`An organisation named "${organisation.name}" already exists. Choose another name.`);
      }
      await manager.insert(Organisation, organisation);
      return organisation;
    });
  }

  async getOrThrow(id: string): Promise<Organisation> {
    const organisation = await this.organisations.findOneBy({ id });
    if (!organisation) throw new NotFoundException(`No organisation with id ${id}.`);
    return organisation;
  }

  async list(): Promise<OrganisationView[]> {
    const organisations = await this.organisations.find({ order: { name: 'ASC' } });
    return this.views(organisations);
  }

  async view(id: string): Promise<OrganisationView> {
    const [view] = await this.views([await this.getOrThrow(id)]);
    return view;
  }

  /** Switches a licence; the change and its log line are saved together. Data is never deleted. */
  async setLicence(organisationId: string, licence: LicenceName, enabled: boolean, actorEmail: string): Promise<OrganisationView> {
    await this.getOrThrow(organisationId);
    await this.transactions.run(async (manager) => {
      const current = await manager.findOneBy(OrganisationLicence, { organisationId, licence });
      if (current?.enabled === enabled) return;
      await manager.save(OrganisationLicence, { organisationId, licence, enabled, updatedAt: this.clock.now(), updatedBy: actorEmail });
      await this.systemLog.write(
        {
          organisationId,
          source: 'support',
          actor: actorEmail,
          message: `${actorEmail} (PICS support) switched the ${licence} licence ${enabled ? 'on' : 'off'}.`,
        },
        transactionOf(manager),
      );
    });
    return this.view(organisationId);
  }

  async isLicensed(organisationId: string, licence: LicenceName): Promise<boolean> {
    return this.licences.existsBy({ organisationId, licence, enabled: true });
  }

  async licensedOrganisationIds(licence: LicenceName): Promise<string[]> {
    const rows = await this.licences.find({ where: { licence, enabled: true }, select: { organisationId: true } });
    return rows.map((row) => row.organisationId);
  }

  private async views(organisations: Organisation[]): Promise<OrganisationView[]> {
    const ids = organisations.map((o) => o.id);
    const licences = ids.length ? await this.licences.findBy({ organisationId: In(ids), enabled: true }) : [];
    const reader = this.statusReader;
    const statuses = reader && ids.length ? await reader.statusOf(ids) : new Map<string, IntegrationStatus>();
    return organisations.map((organisation) => ({
      id: organisation.id,
      name: organisation.name,
      licences: Object.fromEntries(
        LICENCES.map((licence) => [licence, licences.some((l) => l.organisationId === organisation.id && l.licence === licence)]),
      ) as Record<LicenceName, boolean>,
      bksb: statuses.get(organisation.id) ?? NO_INTEGRATION,
    }));
  }
}
