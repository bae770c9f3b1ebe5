import { Inject, Injectable } from '@nestjs/common';
import { Clock, TAGGING, Tagging, transactionOf } from '@picsweb/common';
import { EntityManager } from 'typeorm';
import { BksbResult } from '../client/bksb-api.types';
import { Subject } from '../domain/bksb-domain';
import { BksbAccountLink } from '../entities/bksb-account-link.entity';
import { BksbTagDecision } from '../entities/bksb-tag-decision.entity';
import { tagDecisionsFor } from '../rules/tag-decisions';
import { BksbRuntimeSettings } from './bksb-settings.service';

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

  async tagFirstResults(manager: EntityManager, settings: BksbRuntimeSettings, link: BksbAccountLink, newResults: BksbResult[]): Promise<TaggingOutcome> {
    const decided = await manager.find(BksbTagDecision, { where: { personId: link.personId }, select: { subject: true } });
    const configured = link.personType === 'learner' ? settings.learnerTags : settings.applicantTags;
    const decisions = tagDecisionsFor(newResults, new Set<Subject>(decided.map((d) => d.subject)), configured);
    let tagsApplied = 0;
    for (const decision of decisions) {
      await manager.insert(BksbTagDecision, {
        personId: link.personId,
        subject: decision.subject,
        organisationId: link.organisationId,
        tagIds: JSON.stringify(decision.tagIds),
        bksbSessionId: decision.bksbSessionId,
        decidedAt: this.clock.now(),
      });
      tagsApplied += (await this.tagging.applyTags(link.organisationId, link.personType, link.personId, decision.tagIds, transactionOf(manager))).length;
    }
    return { subjects: decisions.map((d) => d.subject), tagsApplied };
  }
}
