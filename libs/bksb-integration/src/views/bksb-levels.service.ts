import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Clock, DirectoryPerson, Page, PEOPLE_DIRECTORY, PeopleDirectory, PersonType, syncWindowStart, UK_TIME_ZONE, wallClockToUtc } from '@picsweb/common';
import { Repository } from 'typeorm';
import { BksbAssessmentResult } from '../entities/bksb-assessment-result.entity';
import { eligiblePages } from '../services/eligible-pages';
import { bucketOf, countLevels, emptyLevelCounts, LatestAndBest, latestAndBestBySubject, LevelBucket, LevelCounts, LevelledResult, Measure } from '../rules/initial-levels';
import { SubjectKey } from '../domain/bksb-domain';

export interface LevelsQuery {
  personType?: PersonType;
  measure?: Measure;
  /** Results completed on or after this UK date (YYYY-MM-DD). */
  from?: string;
  /** Results completed on or before this UK date. */
  to?: string;
}

/** A query with its defaults filled in: learners, latest results, all dates. */
export type LevelsSelection = Required<Pick<LevelsQuery, 'personType' | 'measure'>> & Pick<LevelsQuery, 'from' | 'to'>;

export interface PersonLevels {
  personType: PersonType;
  id: string;
  firstName: string;
  lastName: string;
  levels: Record<SubjectKey, LatestAndBest<LevelledResult>>;
}

/** Which bar's people to list, and which page of them. */
export interface BarQuery {
  subject: SubjectKey;
  bucket: LevelBucket;
  page: number;
  pageSize: number;
}

export interface Cohort {
  selection: LevelsSelection;
  /** How many eligible people of the type were counted. */
  counted: number;
  counts: LevelCounts;
  /** A page of the chosen bar's people by name; null when no bar was chosen. */
  bar: Page<PersonLevels> | null;
}

const byName = (a: PersonLevels, b: PersonLevels) => a.lastName.localeCompare(b.lastName) || a.firstName.localeCompare(b.firstName) || (a.id < b.id ? -1 : 1);

/** The instant a UK calendar day starts, `days` after the given date. */
export function ukDayStart(date: string, days = 0): Date {
  const [year, month, day] = date.split('-').map(Number);
  const shifted = new Date(Date.UTC(year, month - 1, day + days));
  return wallClockToUtc({ year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate(), hour: 0, minute: 0, second: 0 }, UK_TIME_ZONE);
}

/**
 * The cohort's levels: every eligible learner (or applicant) with the latest and the
 * best levelled initial result per subject, completed within the chosen dates, and
 * how many are at each level by the chosen measure ("none" when they have no result).
 * Read from the database only: it costs no call to bksb.
 */
@Injectable()
export class BksbLevelsService {
  constructor(
    @InjectRepository(BksbAssessmentResult) private readonly results: Repository<BksbAssessmentResult>,
    private readonly clock: Clock,
    @Inject(PEOPLE_DIRECTORY) private readonly people: PeopleDirectory,
  ) {}

  /** The query with its defaults, checked: 400 when the dates are the wrong way round. */
  selection(query: LevelsQuery): LevelsSelection {
    const selection: LevelsSelection = { personType: query.personType ?? 'learner', measure: query.measure ?? 'latest', from: query.from, to: query.to };
    if (selection.from && selection.to && selection.from > selection.to) {
      throw new BadRequestException({
        message: 'The dates are the wrong way round. See errors for what to change.',
        errors: [{ field: 'to', message: 'to must be on or after the from date.' }],
      });
    }
    return selection;
  }

  /**
   * The counts, folded a page of people at a time, and the chosen bar's page of people:
   * only the people up to that page are kept while reading.
   */
  async cohort(organisationId: string, query: LevelsQuery, bar?: BarQuery): Promise<Cohort> {
    const selection = this.selection(query);
    const counts = emptyLevelCounts();
    let counted = 0;
    let upToPage: PersonLevels[] = [];
    for await (const people of this.everyone(organisationId, selection)) {
      counted += people.length;
      countLevels(people.map((person) => person.levels), selection.measure, counts);
      if (!bar) continue;
      const onBar = people.filter((person) => bucketOf(person.levels[bar.subject], selection.measure) === bar.bucket);
      upToPage = [...upToPage, ...onBar].sort(byName).slice(0, bar.page * bar.pageSize);
    }
    const barPage = bar && {
      items: upToPage.slice((bar.page - 1) * bar.pageSize),
      total: counts[bar.subject][bar.bucket],
      page: bar.page,
      pageSize: bar.pageSize,
    };
    return { selection, counted, counts, bar: barPage ?? null };
  }

  /** Every eligible person of the selection's type with their levels, a page at a time by id. */
  async *everyone(organisationId: string, selection: LevelsSelection): AsyncGenerator<PersonLevels[]> {
    for await (const people of eligiblePages(this.people, organisationId, syncWindowStart(this.clock.now()), { type: selection.personType })) {
      const resultsOf = new Map<string, LevelledResult[]>();
      for (const result of await this.levelledResults(organisationId, selection, people)) {
        if (!resultsOf.has(result.personId)) resultsOf.set(result.personId, []);
        resultsOf.get(result.personId)!.push(result);
      }
      yield people.map((person) => ({
        personType: person.type,
        id: person.id,
        firstName: person.firstName,
        lastName: person.lastName,
        levels: latestAndBestBySubject(resultsOf.get(person.id) ?? []),
      }));
    }
  }

  /** The people's initial results with a subject and a level, completed within the dates. */
  private async levelledResults(organisationId: string, selection: LevelsSelection, people: DirectoryPerson[]): Promise<Array<LevelledResult & { personId: string }>> {
    const query = this.results
      .createQueryBuilder('result')
      .select(['result.personId', 'result.subject', 'result.level', 'result.resultDate', 'result.bksbSessionId'])
      .where("result.organisation_id = :organisationId AND result.person_id IN (:...ids) AND result.kind = 'initial'", { organisationId, ids: people.map((person) => person.id) })
      .andWhere('result.subject IS NOT NULL AND result.level IS NOT NULL');
    // Instants are stored as fixed-width ISO text, so text comparison is time order.
    if (selection.from) query.andWhere('result.result_date >= :from', { from: ukDayStart(selection.from).toISOString() });
    if (selection.to) query.andWhere('result.result_date < :until', { until: ukDayStart(selection.to, 1).toISOString() });
    const rows = await query.getMany();
    return rows.map((row) => ({ personId: row.personId, subject: row.subject!, level: row.level!, resultDate: row.resultDate, bksbSessionId: row.bksbSessionId }));
  }
}
