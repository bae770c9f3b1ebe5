import { Page } from '@picsweb/common';
import { LEVEL_BUCKETS, LevelBucket } from '../../rules/initial-levels';
import { Cohort, LevelsSelection, PersonLevels } from '../../views/bksb-levels.service';
import { levelsPath } from '../bksb-paths';
import { ChosenBar, SubjectChart } from './levels-page';
import { SUBJECT_KEYS, SubjectKey } from '../../domain/bksb-domain';

export const PEOPLE_PAGE_SIZE = 25;

/** The query of a selection, for links that keep it. */
export const selectionQuery = (selection: LevelsSelection) => ({ personType: selection.personType, measure: selection.measure, from: selection.from, to: selection.to });

/** Each subject's bars, each a link to the list of its people (kept beside the chart, at #people). */
export function chartsOf(cohort: Cohort, chosen: { subject?: SubjectKey; level?: LevelBucket }): SubjectChart[] {
  const query = selectionQuery(cohort.selection);
  return SUBJECT_KEYS.map((subject) => ({
    subject,
    bars: LEVEL_BUCKETS.map((bucket) => {
      const count = cohort.counts[subject][bucket];
      return {
        bucket,
        count,
        href: count > 0 ? levelsPath({ ...query, subject, level: bucket }, 'people') : null,
        chosen: chosen.subject === subject && chosen.level === bucket,
      };
    }),
  }));
}

/** The people behind one bar (a page of them, by name), with links to its other pages. */
export function chosenBarOf(selection: LevelsSelection, subject: SubjectKey, bucket: LevelBucket, people: Page<PersonLevels>): ChosenBar {
  const query = selectionQuery(selection);
  return { subject, bucket, people, pageHref: (to) => levelsPath({ ...query, subject, level: bucket, page: to }, 'people') };
}
