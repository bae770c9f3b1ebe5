import { BksbResult } from '../client/bksb-api.types';
import { Subject, SUBJECT_KEY_OF, SubjectTagIds } from '../domain/bksb-domain';

export interface TagDecision {
  subject: Subject;
  tagIds: string[];
  bksbSessionId: number;
}

/**
 * Which tag decisions new results call for: one per subject whose first initial result
 * this is (no decision yet), taking the tags configured now for that subject. Unmapped
 * subjects and diagnostic results decide nothing. Results may come in any order; the
 * oldest initial result of a subject is the one that decides.
 */
export function tagDecisionsFor(newResults: BksbResult[], alreadyDecided: ReadonlySet<Subject>, configured: SubjectTagIds): TagDecision[] {
  const decisions = new Map<Subject, TagDecision>();
  const oldestFirst = [...newResults].sort((a, b) => a.resultDate.getTime() - b.resultDate.getTime());
  for (const result of oldestFirst) {
    if (result.kind !== 'initial' || result.subject === null) continue;
    if (alreadyDecided.has(result.subject) || decisions.has(result.subject)) continue;
    decisions.set(result.subject, { subject: result.subject, tagIds: [...configured[SUBJECT_KEY_OF[result.subject]]], bksbSessionId: result.sessionId });
  }
  return [...decisions.values()];
}
