import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock, DirectoryPerson, Page, PageQueryDto, pageWindow, PEOPLE_DIRECTORY, PeopleDirectory, PersonType, syncWindowStart } from '@picsweb/common';
import { LRUCache } from 'lru-cache';
import pMap from 'p-map';
import { BKSB_CLIENT_OPTIONS, BksbClientOptions } from '../client/bksb-client.options';
import { BksbError } from '../client/bksb-errors';
import { asHttp } from '../services/bksb-http-errors';
import { BksbConnectionService } from '../services/bksb-connection.service';
import { BksbSettingsService } from '../services/bksb-settings.service';
import { eligiblePages } from '../services/eligible-pages';

export interface UnmatchedPerson {
  personType: PersonType;
  id: string;
  firstName: string;
  lastName: string;
  email: string | null;
  suggestedUsername: string | null;
}

const SUGGESTION_TTL_MS = 24 * 60 * 60 * 1000;
const MAX_REMEMBERED = 50_000;
/** People with a bksb account (or one being made) are not unmatched; the plugin's table says who. */
const WITHOUT_ACCOUNT = (personId: string) => `NOT EXISTS (SELECT 1 FROM bksb_account_links link WHERE link.person_id = ${personId})`;

/**
 * Eligible people with no bksb account, a page at a time from the database, with a
 * suggestion when bksb has a user whose user name is their email: looked up several at
 * once (as many as the organisation may have calls in flight) and remembered for a day.
 */
@Injectable()
export class BksbUnmatchedService {
  private readonly logger = new Logger('BksbUnmatched');
  /** Whether bksb has a user of that name, by organisation and lower-cased name; least recently used go first. */
  private readonly suggestions: LRUCache<string, boolean>;
  private readonly lookupsAtOnce: number;

  constructor(
    private readonly settings: BksbSettingsService,
    private readonly connection: BksbConnectionService,
    private readonly clock: Clock,
    @Inject(PEOPLE_DIRECTORY) private readonly people: PeopleDirectory,
    @Inject(BKSB_CLIENT_OPTIONS) clientOptions: BksbClientOptions,
  ) {
    this.suggestions = new LRUCache({ max: MAX_REMEMBERED, ttl: SUGGESTION_TTL_MS, perf: { now: () => this.clock.now().getTime() } });
    this.lookupsAtOnce = clientOptions.perOrganisationConcurrency;
  }

  async list(organisationId: string, query: PageQueryDto): Promise<Page<UnmatchedPerson>> {
    const settings = await this.settings.requireEnabled(organisationId);
    const { page, pageSize, skip } = pageWindow(query);
    const found = await this.people.pageEligible(organisationId, syncWindowStart(this.clock.now()), { skip, take: pageSize, where: WITHOUT_ACCOUNT });
    const items = await asHttp(
      this.connection.call(settings, (client, context) =>
        pMap(
          found.items,
          async (person): Promise<UnmatchedPerson> => {
            const exists = person.email ? await this.usernameExists(organisationId, person.email, (u) => client.usernameExists(context, u)) : false;
            return {
              personType: person.type,
              id: person.id,
              firstName: person.firstName,
              lastName: person.lastName,
              email: person.email,
              suggestedUsername: exists ? person.email : null,
            };
          },
          { concurrency: this.lookupsAtOnce },
        ),
      ),
    );
    return { items, total: found.total, page, pageSize };
  }

  /** Every unmatched person, a page at a time by id, without asking bksb anything (the download, a bulk action's "all matching"). */
  everyone(organisationId: string): AsyncGenerator<DirectoryPerson[]> {
    return eligiblePages(this.people, organisationId, syncWindowStart(this.clock.now()), { where: WITHOUT_ACCOUNT });
  }

  /**
   * One person's suggested bksb user name (their email, when bksb has a user of that
   * name), for the person panel. A page never fails for it: without an answer from
   * bksb there is simply no suggestion.
   */
  async suggestionFor(organisationId: string, email: string | null): Promise<string | null> {
    if (!email) return null;
    const settings = await this.settings.runtime(organisationId);
    if (!settings.integrationEnabled) return null;
    try {
      const exists = await this.connection.call(settings, (client, context) => this.usernameExists(organisationId, email, (u) => client.usernameExists(context, u)));
      return exists ? email : null;
    } catch (error) {
      this.logger.warn(`No bksb user name suggestion for the person panel of organisation ${organisationId}: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  }

  private async usernameExists(organisationId: string, username: string, lookUp: (username: string) => Promise<boolean>): Promise<boolean> {
    const key = `${organisationId}:${username.toLowerCase()}`;
    const cached = this.suggestions.get(key);
    if (cached !== undefined) return cached;
    try {
      const exists = await lookUp(username);
      this.suggestions.set(key, exists);
      return exists;
    } catch (error) {
      // A passing fault leaves this one suggestion out; wrong keys fail the report.
      if (error instanceof BksbError && error.transient) return false;
      throw error;
    }
  }
}
