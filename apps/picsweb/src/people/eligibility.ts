import { SelectQueryBuilder } from 'typeorm';
import { Person } from './person.entity';

export type EligibilityFacts = Pick<Person, 'type' | 'systemStatus' | 'learningStatus' | 'endDate' | 'applicationStatus' | 'closedOn'>;

export interface Eligibility {
  eligible: boolean;
  notEligibleBecause: string | null;
}

/**
 * docs/api.md's eligibility table, the one rule of who is synced with bksb. `windowStart`
 * is W (see syncWindowStart). It is written twice here, side by side, as a function
 * for one person and as the SQL condition that pages through candidates; a test
 * checks that both agree on every row of the table.
 */
export function eligibilityOf(person: EligibilityFacts, windowStart: string): Eligibility {
  const no = (reason: string): Eligibility => ({ eligible: false, notEligibleBecause: reason });
  if (person.systemStatus !== 'Live') return no('Archived in PICS.');
  if (person.type === 'learner') {
    if (person.learningStatus === 'InLearning') return { eligible: true, notEligibleBecause: null };
    if (person.endDate === null) return no(`Not in learning (${person.learningStatus}) and has no end date.`);
    if (person.endDate >= windowStart) return { eligible: true, notEligibleBecause: null };
    return no(`Not in learning (${person.learningStatus}) and the end date ${person.endDate} is over a month ago.`);
  }
  if (person.applicationStatus === 'Open') return { eligible: true, notEligibleBecause: null };
  if (person.closedOn === null) return no(`Application ${person.applicationStatus} with no closed date.`);
  if (person.closedOn >= windowStart) return { eligible: true, notEligibleBecause: null };
  return no(`Application ${person.applicationStatus} and closed on ${person.closedOn}, over a month ago.`);
}

/** The same rule as a WHERE condition on `people` (alias `person`). */
export function whereEligible(query: SelectQueryBuilder<Person>, windowStart: string): SelectQueryBuilder<Person> {
  return query.andWhere(
    `person.system_status = 'Live' AND (
      (person.person_type = 'learner' AND (person.learning_status = 'InLearning' OR person.end_date >= :windowStart))
      OR (person.person_type = 'applicant' AND (person.application_status = 'Open' OR person.closed_on >= :windowStart)))`,
    { windowStart },
  );
}
