import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Clock, londonDate } from '@picsweb/common';
import { Repository } from 'typeorm';
import { Organisation } from '../organisations/organisation.entity';
import { OrganisationsService } from '../organisations/organisations.service';
import { PeopleService } from '../people/people.service';
import { TagsService } from '../tags/tags.service';
import { UsersService } from '../users/users.service';
import { DEMO_TAGS, demoPeople, NORTHFIELD_LEARNER_DOMAIN } from './demo-people';

export const DEMO_PASSWORD = 'demo-password';
const SUPPORT_EMAIL = 'support@pics.test';

export interface DemoSeedResult {
  northfieldId: string;
  /** Northfield's tag ids by name. */
  northfieldTags: Map<string, string>;
}

/** The demo data of docs/api.md, seeded once into an empty database. Loaded in demo mode only. */
@Injectable()
export class DemoSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('Demo');
  private finish!: (result: DemoSeedResult | null) => void;
  /** What was seeded, or null when the database already had data; for seeders that build on it. */
  readonly seeded = new Promise<DemoSeedResult | null>((resolve) => (this.finish = resolve));

  constructor(
    @InjectRepository(Organisation) private readonly organisationRows: Repository<Organisation>,
    private readonly organisations: OrganisationsService,
    private readonly users: UsersService,
    private readonly people: PeopleService,
    private readonly tags: TagsService,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      this.finish(await this.seed());
    } catch (error) {
      this.finish(null);
      throw error;
    }
  }

  private async seed(): Promise<DemoSeedResult | null> {
    if ((await this.organisationRows.count()) > 0) return null;
    const northfield = await this.organisations.create('Northfield College');
    const southbank = await this.organisations.create('Southbank Training');
    await this.organisations.setLicence(northfield.id, 'bksb', true, SUPPORT_EMAIL);
    const accounts = [
      { email: 'admin@northfield.test', role: 'admin', organisationId: northfield.id },
      { email: 'staff@northfield.test', role: 'staff', organisationId: northfield.id },
      { email: 'admin@southbank.test', role: 'admin', organisationId: southbank.id },
      { email: SUPPORT_EMAIL, role: 'support', organisationId: null },
    ] as const;
    for (const account of accounts) await this.users.create({ ...account, password: DEMO_PASSWORD });
    const northfieldTags = new Map<string, string>();
    for (const [organisationId, domain] of [
      [northfield.id, NORTHFIELD_LEARNER_DOMAIN],
      [southbank.id, 'southbank-learners.test'],
    ]) {
      for (const name of DEMO_TAGS) {
        const tag = await this.tags.create(organisationId, name);
        if (organisationId === northfield.id) northfieldTags.set(name, tag.id);
      }
      const { learners, applicants } = demoPeople(londonDate(this.clock.now()), domain);
      for (const learner of learners) await this.people.create(organisationId, 'learner', learner);
      for (const applicant of applicants) await this.people.create(organisationId, 'applicant', applicant);
    }
    this.logger.log(`Seeded the demo users ${accounts.map((a) => a.email).join(', ')}; their password is in the README.`);
    return { northfieldId: northfield.id, northfieldTags };
  }
}
