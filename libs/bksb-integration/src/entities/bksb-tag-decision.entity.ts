import { InstantColumn } from '@picsweb/common';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Subject } from '../domain/bksb-domain';

/**
 * The decision, made once at a person's first initial result of a subject, of which
 * tags to apply. Its existence is what stops the decision being made again: after a
 * manual removal, for a later result, or when tags are configured later.
 */
@Entity('bksb_tag_decisions')
export class BksbTagDecision {
  @PrimaryColumn({ name: 'person_id', type: 'varchar', length: 36 })
  personId!: string;

  @PrimaryColumn({ type: 'varchar', length: 10 })
  subject!: Subject;

  @Column({ name: 'organisation_id', type: 'varchar', length: 36 })
  organisationId!: string;

  /** The tags configured at the time, as a JSON list of ids (possibly empty). */
  @Column({ name: 'tag_ids', type: 'text' })
  tagIds!: string;

  @Column({ name: 'bksb_session_id', type: 'integer' })
  bksbSessionId!: number;

  @InstantColumn({ name: 'decided_at' })
  decidedAt!: Date;
}
