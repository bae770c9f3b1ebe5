import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Clock, DirectoryPerson, PEOPLE_DIRECTORY, PeopleDirectory, PersonType, syncWindowStart, UK_TIME_ZONE, wallClockToUtc } from '@picsweb/common';
import { Repository } from 'typeorm';
import { BksbAssessmentResult } from '../entities/bksb-assessment-result.entity';
import { readAll } from './read-all';
import { countLevels, LatestAndBest, latestAndBestBySubject, LevelCounts, LevelledResult, Measure } from '../rules/initial-levels';
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

export interface Cohort {
  selection: LevelsSelection;
  /** Every eligible person of the type, by name. */
  people: PersonLevels[];
  counts: LevelCounts;
}

/** Chunks in which the eligible people are read. */
const CHUNK = 1000;

/** The instant a UK calendar day starts, `days` after the given date. */
function ukDayStart(date: string, days = 0): Date {
  const [year, month, day] = date.split('-').map(Number);
  const shifted = new Date(Date.UTC(year, month - 1, day + days));
  return wallClockToUtc({ year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate(), hour: 0, minute: 0, second: 0 }, UK_TIME_ZONE);
}

export function selectionOf(query: LevelsQuery): LevelsSelection {
  return { personType: query.personType ?? 'learner', measure: query.measure ?? 'latest', from: query.from, to: query.to };
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

  async cohort(organisationId: string, query: LevelsQuery): Promise<Cohort> {
    const selection = selectionOf(query);
    if (selection.from && selection.to && selection.from > selection.to) {
      throw new BadRequestException({
        message: 'The dates are the wrong way round. See errors for what to change.',
        errors: [{ field: 'to', message: 'to must be on or after the from date.' }],
      });
    }
    const [eligible, results] = await Promise.all([this.eligible(organisationId, selection.personType), this.levelledResults(organisationId, selection)]);
    const resultsOf = new Map<string, LevelledResult[]>();
    for (const result of results) {
      if (!resultsOf.has(result.personId)) resultsOf.set(result.personId, []);
      resultsOf.get(result.personId)!.push(result);
    }
    const people = eligible.map((person) => ({
      personType: person.type,
      id: person.id,
      firstName: person.firstName,
      lastName: person.lastName,
      levels: latestAndBestBySubject(resultsOf.get(person.id) ?? []),
    }));
    return { selection, people, counts: countLevels(people.map((person) => person.levels), selection.measure) };
  }

  private async eligible(organisationId: string, type: PersonType): Promise<DirectoryPerson[]> {
    const windowStart = syncWindowStart(this.clock.now());
    return readAll(async (skip, take) => (await this.people.pageEligible(organisationId, windowStart, { skip, take, type })).items, CHUNK);
  }

  /** Initial results with a subject and a level, of people of the type, completed within the dates. */
  private async levelledResults(organisationId: string, selection: LevelsSelection): Promise<Array<LevelledResult & { personId: string }>> {
    const query = this.results
      .createQueryBuilder('result')
      .select(['result.personId', 'result.subject', 'result.level', 'result.resultDate', 'result.bksbSessionId'])
      .where("result.organisation_id = :organisationId AND result.person_type = :type AND result.kind = 'initial'", { organisationId, type: selection.personType })
      .andWhere('result.subject IS NOT NULL AND result.level IS NOT NULL');
    // Instants are stored as fixed-width ISO text, so text comparison is time order.
    if (selection.from) query.andWhere('result.result_date >= :from', { from: ukDayStart(selection.from).toISOString() });
    if (selection.to) query.andWhere('result.result_date < :until', { until: ukDayStart(selection.to, 1).toISOString() });
    const rows = await query.getMany();
    return rows.map((row) => ({ personId: row.personId, subject: row.subject!, level: row.level!, resultDate: row.resultDate, bksbSessionId: row.bksbSessionId }));
  }
}
