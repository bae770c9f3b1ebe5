import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Clock, DirectoryPerson, Page, PEOPLE_DIRECTORY, PeopleDirectory, PersonType, syncWindowStart } from '@picsweb/common';
import { In, Repository } from 'typeorm';
import { BksbDiagnosticBreakdown } from '../entities/bksb-diagnostic-breakdown.entity';
import { BksbSkillComponent } from '../entities/bksb-skill-component.entity';
import { BksbAccountService } from '../services/bksb-account.service';
import { eligiblePages } from '../services/eligible-pages';
import { bucketOfMeasure, gapsFirst, isGap, SKILL_BUCKETS, SkillBucket } from '../rules/skill-gaps';
import { ukDayStart } from './bksb-levels.service';
import { Level, Subject, SUBJECT_KEY_OF, SubjectKey, SUBJECTS } from '../domain/bksb-domain';

/** One component of a diagnostic as the API and pages show it. */
export interface SkillComponentView {
  name: string;
  /** bksb's own text. */
  measured: string;
  level: Level | null;
  percent: number | null;
  /** Below the level the diagnostic assessed, or under 50% when a percentage. */
  gap: boolean;
}

/** A person's latest finished diagnostic of one subject, broken down by component. */
export interface SubjectSkills {
  subject: Subject;
  sessionId: number;
  assessmentName: string;
  measuredAt: Date;
  /** Gaps first, weakest first. */
  components: SkillComponentView[];
  /** bksb gave no component data for the session. */
  noBreakdown: boolean;
}

export interface PersonSkills {
  subjects: SubjectSkills[];
}

export interface SkillsQuery {
  personType?: PersonType;
  subject?: SubjectKey;
  /** Diagnostics done on or after this UK date (YYYY-MM-DD). */
  from?: string;
  /** Diagnostics done on or before this UK date. */
  to?: string;
}

/** A query with its defaults: learners, English, all dates. */
export type SkillsSelection = Required<Pick<SkillsQuery, 'personType' | 'subject'>> & Pick<SkillsQuery, 'from' | 'to'>;

/** The cohort's counts of one component: people at each level (`other`: a percentage or a text naming no level), and how many lack it. */
export interface ComponentCounts {
  name: string;
  counts: Record<SkillBucket, number>;
  gaps: number;
}

/** One cell of the table whose people to list: a component and a level, or its gaps. */
export interface CellQuery {
  component: string;
  bucket: SkillBucket | 'gaps';
  page: number;
  pageSize: number;
}

/** A person in a cell, with what bksb measured. */
export interface PersonInCell {
  personType: PersonType;
  id: string;
  firstName: string;
  lastName: string;
  measured: string;
  measuredAt: Date;
}

export interface SkillsCohort {
  selection: SkillsSelection;
  subject: Subject;
  /** People whose latest diagnostic of the subject (within the dates) was counted. */
  people: number;
  /** Of them, those bksb gave no component data for. */
  noBreakdown: number;
  /** Most gaps first. */
  components: ComponentCounts[];
  /** The chosen cell's people by name, a page of them; null when none was chosen. */
  cell: Page<PersonInCell> | null;
}

type Breakdown = Pick<BksbDiagnosticBreakdown, 'personId' | 'bksbSessionId' | 'subject' | 'assessmentName' | 'assessedLevel' | 'measuredAt'>;

const SUBJECT_OF_KEY = Object.fromEntries(SUBJECTS.map((subject) => [SUBJECT_KEY_OF[subject], subject])) as Record<SubjectKey, Subject>;
const emptyCounts = () => Object.fromEntries(SKILL_BUCKETS.map((bucket) => [bucket, 0])) as Record<SkillBucket, number>;
const byName = (a: PersonInCell, b: PersonInCell) => a.lastName.localeCompare(b.lastName) || a.firstName.localeCompare(b.firstName) || (a.id < b.id ? -1 : 1);

/**
 * Skills to work on, from the component data of diagnostics that the sync keeps (see
 * BksbSkillsImportService): a person's latest diagnostic per subject, and what the
 * cohort lacks. Read from the database only: it costs no call to bksb.
 */
@Injectable()
export class BksbSkillsService {
  constructor(
    @InjectRepository(BksbDiagnosticBreakdown) private readonly breakdowns: Repository<BksbDiagnosticBreakdown>,
    @InjectRepository(BksbSkillComponent) private readonly components: Repository<BksbSkillComponent>,
    private readonly accounts: BksbAccountService,
    private readonly clock: Clock,
    @Inject(PEOPLE_DIRECTORY) private readonly people: PeopleDirectory,
  ) {}

  /** The person's latest finished diagnostic of each subject that has one (404 for a person not of the organisation). */
  async person(organisationId: string, type: PersonType, personId: string): Promise<PersonSkills> {
    await this.accounts.person(organisationId, type, personId);
    const rows = await this.breakdowns.find({ where: { organisationId, personId }, order: { measuredAt: 'DESC', bksbSessionId: 'DESC' } });
    const latest = SUBJECTS.flatMap((subject) => rows.find((row) => row.subject === subject) ?? []);
    const measured = await this.componentsOf(latest);
    return {
      subjects: latest.map((breakdown) => {
        const components = gapsFirst(measured.get(key(breakdown)) ?? []);
        return {
          subject: breakdown.subject!,
          sessionId: breakdown.bksbSessionId,
          assessmentName: breakdown.assessmentName,
          measuredAt: breakdown.measuredAt,
          components,
          noBreakdown: components.length === 0,
        };
      }),
    };
  }

  /** The query with its defaults, checked: 400 when the dates are the wrong way round. */
  selection(query: SkillsQuery): SkillsSelection {
    const selection: SkillsSelection = { personType: query.personType ?? 'learner', subject: query.subject ?? 'english', from: query.from, to: query.to };
    if (selection.from && selection.to && selection.from > selection.to) {
      throw new BadRequestException({
        message: 'The dates are the wrong way round. See errors for what to change.',
        errors: [{ field: 'to', message: 'to must be on or after the from date.' }],
      });
    }
    return selection;
  }

  /**
   * Each component of the subject with how many eligible people of the type are at each
   * level in their latest finished diagnostic of it (done within the dates), most gaps
   * first; folded a page of people at a time. With `cell`, a page of that cell's people.
   */
  async cohort(organisationId: string, query: SkillsQuery, cell?: CellQuery): Promise<SkillsCohort> {
    const selection = this.selection(query);
    const subject = SUBJECT_OF_KEY[selection.subject];
    const byComponent = new Map<string, ComponentCounts>();
    let people = 0;
    let noBreakdown = 0;
    let inCell: PersonInCell[] = [];
    let cellTotal = 0;
    for await (const page of eligiblePages(this.people, organisationId, syncWindowStart(this.clock.now()), { type: selection.personType })) {
      const latest = await this.latestOf(organisationId, page, subject, selection);
      const measured = await this.componentsOf(latest);
      const personOf = new Map(page.map((person) => [person.id, person]));
      for (const breakdown of latest) {
        const components = measured.get(key(breakdown)) ?? [];
        people += 1;
        if (components.length === 0) noBreakdown += 1;
        for (const component of components) {
          const counts = byComponent.get(component.name) ?? { name: component.name, counts: emptyCounts(), gaps: 0 };
          byComponent.set(component.name, counts);
          counts.counts[bucketOfMeasure(component)] += 1;
          if (component.gap) counts.gaps += 1;
          if (!cell || cell.component !== component.name || !(cell.bucket === 'gaps' ? component.gap : cell.bucket === bucketOfMeasure(component))) continue;
          const person = personOf.get(breakdown.personId)!;
          cellTotal += 1;
          inCell = [...inCell, { personType: person.type, id: person.id, firstName: person.firstName, lastName: person.lastName, measured: component.measured, measuredAt: breakdown.measuredAt }]
            .sort(byName)
            .slice(0, cell.page * cell.pageSize);
        }
      }
    }
    const components = [...byComponent.values()].sort((a, b) => b.gaps - a.gaps || a.name.localeCompare(b.name));
    const cellPage = cell ? { items: inCell.slice((cell.page - 1) * cell.pageSize), total: cellTotal, page: cell.page, pageSize: cell.pageSize } : null;
    return { selection, subject, people, noBreakdown, components, cell: cellPage };
  }

  /** Each person's latest diagnostic of the subject done within the dates. */
  private async latestOf(organisationId: string, people: DirectoryPerson[], subject: Subject, selection: SkillsSelection): Promise<Breakdown[]> {
    const query = this.breakdowns
      .createQueryBuilder('breakdown')
      .select(['breakdown.personId', 'breakdown.bksbSessionId', 'breakdown.subject', 'breakdown.assessmentName', 'breakdown.assessedLevel', 'breakdown.measuredAt'])
      .where('breakdown.organisation_id = :organisationId AND breakdown.person_id IN (:...ids) AND breakdown.subject = :subject', {
        organisationId,
        ids: people.map((person) => person.id),
        subject,
      });
    // Instants are stored as fixed-width ISO text, so text comparison is time order.
    if (selection.from) query.andWhere('breakdown.measured_at >= :from', { from: ukDayStart(selection.from).toISOString() });
    if (selection.to) query.andWhere('breakdown.measured_at < :until', { until: ukDayStart(selection.to, 1).toISOString() });
    const latest = new Map<string, Breakdown>();
    for (const row of await query.getMany()) {
      const kept = latest.get(row.personId);
      if (!kept || row.measuredAt > kept.measuredAt || (row.measuredAt.getTime() === kept.measuredAt.getTime() && row.bksbSessionId > kept.bksbSessionId)) latest.set(row.personId, row);
    }
    return [...latest.values()];
  }

  /** The components of the given sessions, each with whether it is a gap, by person and session. */
  private async componentsOf(breakdowns: Breakdown[]): Promise<Map<string, SkillComponentView[]>> {
    const views = new Map<string, SkillComponentView[]>();
    if (breakdowns.length === 0) return views;
    const assessed = new Map(breakdowns.map((breakdown) => [key(breakdown), breakdown.assessedLevel]));
    const rows = await this.components.find({
      where: { personId: In(breakdowns.map((b) => b.personId)), bksbSessionId: In([...new Set(breakdowns.map((b) => b.bksbSessionId))]) },
    });
    for (const row of rows) {
      const at = key(row);
      if (!assessed.has(at)) continue;
      if (!views.has(at)) views.set(at, []);
      views.get(at)!.push({ name: row.name, measured: row.measured, level: row.level, percent: row.percent, gap: isGap(row, assessed.get(at)!) });
    }
    return views;
  }
}

const key = (row: { personId: string; bksbSessionId: number }) => `${row.personId}:${row.bksbSessionId}`;
