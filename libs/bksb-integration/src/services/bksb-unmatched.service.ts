import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Clock, DirectoryPerson, Page, PageQueryDto, pageWindow, PEOPLE_DIRECTORY, PeopleDirectory, PersonType, syncWindowStart } from '@picsweb/common';
import { Repository } from 'typeorm';
import { BksbError } from '../client/bksb-errors';
import { BksbAccountLink } from '../entities/bksb-account-link.entity';
import { asHttp } from './bksb-http-errors';
import { BksbConnectionService } from './bksb-connection.service';
import { BksbSettingsService } from './bksb-settings.service';

export interface UnmatchedPerson {
  personType: PersonType;
  id: string;
  firstName: string;
  lastName: string;
  email: string | null;
  suggestedUsername: string | null;
}

const SUGGESTION_TTL_MS = 24 * 60 * 60 * 1000;
const CANDIDATE_PAGE = 500;
const MAX_REMEMBERED = 50_000;

/**
 * Eligible people with no bksb account, with a suggestion when bksb has a user whose
 * user name is their email (one look-up per person, remembered for a day).
 */
@Injectable()
export class BksbUnmatchedService {
  private readonly suggestions = new Map<string, { exists: boolean; until: number }>();

  constructor(
    @InjectRepository(BksbAccountLink) private readonly links: Repository<BksbAccountLink>,
    private readonly settings: BksbSettingsService,
    private readonly connection: BksbConnectionService,
    private readonly clock: Clock,
    @Inject(PEOPLE_DIRECTORY) private readonly people: PeopleDirectory,
  ) {}

  async list(organisationId: string, query: PageQueryDto): Promise<Page<UnmatchedPerson>> {
    const settings = await this.settings.requireEnabled(organisationId);
    const linked = new Set((await this.links.find({ where: { organisationId }, select: { personId: true } })).map((l) => l.personId));
    const windowStart = syncWindowStart(this.clock.now());
    const unmatched: DirectoryPerson[] = [];
    for (let afterId: string | null = null; ; ) {
      const batch = await this.people.pageSyncCandidates(organisationId, windowStart, { afterId, limit: CANDIDATE_PAGE });
      unmatched.push(...batch.filter((person) => !linked.has(person.id)));
      if (batch.length < CANDIDATE_PAGE) break;
      afterId = batch[batch.length - 1].id;
    }
    unmatched.sort((a, b) => a.lastName.localeCompare(b.lastName) || a.firstName.localeCompare(b.firstName) || a.id.localeCompare(b.id));
    const { page, pageSize, skip } = pageWindow(query);
    const items = await asHttp(
      this.connection.call(settings, async (client, context) => {
        const shown: UnmatchedPerson[] = [];
        for (const person of unmatched.slice(skip, skip + pageSize)) {
          const exists = person.email ? await this.usernameExists(organisationId, person.email, (u) => client.usernameExists(context, u)) : false;
          shown.push({
            personType: person.type,
            id: person.id,
            firstName: person.firstName,
            lastName: person.lastName,
            email: person.email,
            suggestedUsername: exists ? person.email : null,
          });
        }
        return shown;
      }),
    );
    return { items, total: unmatched.length, page, pageSize };
  }

  private async usernameExists(organisationId: string, username: string, lookUp: (username: string) => Promise<boolean>): Promise<boolean> {
    const key = `${organisationId}:${username.toLowerCase()}`;
    const now = this.clock.now().getTime();
    const cached = this.suggestions.get(key);
    if (cached && cached.until > now) return cached.exists;
    try {
      const exists = await lookUp(username);
      if (this.suggestions.size > MAX_REMEMBERED) {
        for (const [k, v] of this.suggestions) if (v.until <= now) this.suggestions.delete(k);
      }
      this.suggestions.set(key, { exists, until: now + SUGGESTION_TTL_MS });
      return exists;
    } catch (error) {
      // A passing fault leaves this one suggestion out; wrong keys fail the report.
      if (error instanceof BksbError && error.transient) return false;
      throw error;
    }
  }
}
