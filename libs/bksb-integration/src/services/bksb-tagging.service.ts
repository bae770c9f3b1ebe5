import { Inject, Injectable } from '@nestjs/common';
import { Clock, TAGGING, Tagging, transactionOf } from '@picsweb/common';
import { EntityManager, In } from 'typeorm';
import { BksbResult } from '../client/bksb-api.types';
import { Subject } from '../domain/bksb-domain';
import { BksbAccountLink } from '../entities/bksb-account-link.entity';
import { BksbTagDecision } from '../entities/bksb-tag-decision.entity';
import { tagDecisionsFor } from '../rules/tag-decisions';
import { BksbRuntimeSettings } from './bksb-settings.service';

/** A person and the results just imported for them. */
export interface NewResultsOf {
  link: BksbAccountLink;
  results: BksbResult[];
}

export interface TaggingOutcome {
  /** The subjects whose first initial result arrived now. */
  subjects: Subject[];
  /** How many tags were newly applied to the person. */
  tagsApplied: number;
}

/**
 * Tags on a person's first English, Maths or ICT initial result: decides once per person
 * and subject (the decision is kept, so a later result, a re-import or a change of the
 * configured tags never tags again) and applies the tags configured then through the
 * host's tagging port, inside the import's transaction.
 */
@Injectable()
export class BksbTaggingService {
  constructor(
    private readonly clock: Clock,
    @Inject(TAGGING) private readonly tagging: Tagging,
  ) {}

  /**
   * For people of one organisation, each with the results new to them, in a few
   * statements whatever their number. Answers each person's outcome, by person id.
   */
  async tagFirstResults(manager: EntityManager, settings: BksbRuntimeSettings, people: NewResultsOf[]): Promise<Map<string, TaggingOutcome>> {
    const personIds = people.filter((p) => p.results.length > 0).map((p) => p.link.personId);
    const decided = new Map<string, Set<Subject>>();
    if (personIds.length > 0) {
      for (const row of await manager.find(BksbTagDecision, { where: { personId: In(personIds) }, select: { personId: true, subject: true } })) {
        decided.set(row.personId, (decided.get(row.personId) ?? new Set()).add(row.subject));
      }
    }
    const decisions = people.map(({ link, results }) => ({
      link,
      decisions: results.length ? tagDecisionsFor(results, decided.get(link.personId) ?? new Set(), link.personType === 'learner' ? settings.learnerTags : settings.applicantTags) : [],
    }));
    const decidedAt = this.clock.now();
    const rows = decisions.flatMap(({ link, decisions }) =>
      decisions.map((d) => ({ personId: link.personId, subject: d.subject, organisationId: link.organisationId, tagIds: JSON.stringify(d.tagIds), bksbSessionId: d.bksbSessionId, decidedAt })),
    );
    if (rows.length > 0) await manager.insert(BksbTagDecision, rows);
    const applications = decisions.filter((p) => p.decisions.length > 0).map(({ link, decisions }) => ({ type: link.personType, personId: link.personId, tagIds: decisions.flatMap((d) => d.tagIds) }));
    const applied = applications.length ? await this.tagging.applyTags(settings.organisationId, applications, transactionOf(manager)) : new Map<string, string[]>();
    return new Map(decisions.map(({ link, decisions }) => [link.personId, { subjects: decisions.map((d) => d.subject), tagsApplied: applied.get(link.personId)?.length ?? 0 }]));
  }
}
