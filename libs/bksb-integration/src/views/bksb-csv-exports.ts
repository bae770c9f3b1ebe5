import { CsvCell, csvChunks, DirectoryPerson, localDate } from '@picsweb/common';
import { LEVEL_LABELS, PERSON_TYPE_LABELS, PROGRESS_LABELS, SKILL_BUCKET_LABELS, SUBJECT_LABELS } from '../labels/bksb-labels';
import { LevelledResult } from '../rules/initial-levels';
import { ChaseListItem } from './bksb-chase-list.service';
import { PersonLevels } from './bksb-levels.service';
import { SKILL_BUCKETS } from '../rules/skill-gaps';
import { ComponentCounts } from './bksb-skills.service';
import { SUBJECT_KEYS } from '../domain/bksb-domain';

/** A UK date as spreadsheets in the UK read it: 29/11/2026, the day in Europe/London. */
export function ukCsvDate(instant: Date | null): string {
  if (!instant) return '';
  const [year, month, day] = localDate(instant).split('-');
  return `${day}/${month}/${year}`;
}

/** A download's file name, dated today in the UK. */
export const csvFileName = (report: string, now: Date) => `bksb-${report}-${localDate(now)}.csv`;

const who = (person: Pick<DirectoryPerson, 'firstName' | 'lastName'> & { personType: DirectoryPerson['type'] }): CsvCell[] => [
  person.lastName,
  person.firstName,
  PERSON_TYPE_LABELS[person.personType].one,
];

export function chaseListCsv(pages: AsyncIterable<ChaseListItem[]>): AsyncGenerator<string> {
  return csvChunks(['Last name', 'First name', 'Type', 'Email', 'English', 'Maths', 'Account since', 'Login details sent', 'PICSWeb id'], pages, (item) => [
    ...who(item),
    item.email ?? '',
    PROGRESS_LABELS[item.english],
    PROGRESS_LABELS[item.maths],
    ukCsvDate(item.accountSince),
    ukCsvDate(item.loginDetailsSentAt),
    item.id,
  ]);
}

const levelCells = (result: LevelledResult | null): CsvCell[] => [result ? LEVEL_LABELS[result.level] : 'No result', ukCsvDate(result?.resultDate ?? null)];

/** One row per person: each subject's latest and best initial result, whichever the counts use. */
export function levelsCsv(pages: AsyncIterable<PersonLevels[]>): AsyncGenerator<string> {
  const header = SUBJECT_KEYS.flatMap((key) => {
    const subject = SUBJECT_LABELS[key];
    return [`${subject} latest`, `${subject} latest completed`, `${subject} best`, `${subject} best completed`];
  });
  return csvChunks(['Last name', 'First name', 'Type', ...header, 'PICSWeb id'], pages, (person) => [
    ...who(person),
    ...SUBJECT_KEYS.flatMap((key) => [...levelCells(person.levels[key].latest), ...levelCells(person.levels[key].best)]),
    person.id,
  ]);
}

/** The skills table as the page shows it: one row per component, most gaps first. */
export function skillsCsv(components: ComponentCounts[]): AsyncGenerator<string> {
  async function* onePage(): AsyncGenerator<ComponentCounts[]> {
    yield components;
  }
  return csvChunks(['Component', ...SKILL_BUCKETS.map((bucket) => SKILL_BUCKET_LABELS[bucket]), 'Gaps'], onePage(), (component) => [
    component.name,
    ...SKILL_BUCKETS.map((bucket) => component.counts[bucket]),
    component.gaps,
  ]);
}

export function unmatchedCsv(pages: AsyncIterable<DirectoryPerson[]>): AsyncGenerator<string> {
  return csvChunks(['Last name', 'First name', 'Type', 'Email', 'PICSWeb id'], pages, (person) => [
    person.lastName,
    person.firstName,
    PERSON_TYPE_LABELS[person.type].one,
    person.email,
    person.id,
  ]);
}
