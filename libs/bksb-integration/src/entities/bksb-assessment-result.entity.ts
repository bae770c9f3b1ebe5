import { InstantColumn, PersonType } from '@picsweb/common';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { ResultKind, Level, Subject } from '../domain/bksb-domain';

/** One imported bksb assessment result. Importing it again changes nothing (unique key). */
@Entity('bksb_assessment_results')
@Index('uq_bksb_results_session', ['organisationId', 'personId', 'kind', 'bksbSessionId'], { unique: true })
@Index('ix_bksb_results_person_date', ['personId', 'resultDate'])
export class BksbAssessmentResult {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'organisation_id', type: 'varchar', length: 36 })
  organisationId!: string;

  @Column({ name: 'person_type', type: 'varchar', length: 10 })
  personType!: PersonType;

  @Column({ name: 'person_id', type: 'varchar', length: 36 })
  personId!: string;

  @Column({ type: 'varchar', length: 10 })
  kind!: ResultKind;

  /** Null when it cannot be mapped; such a result tags nothing. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  subject!: Subject | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  level!: Level | null;

  @Column({ type: 'real', nullable: true })
  score!: number | null;

  @Column({ name: 'result_text', type: 'varchar', length: 200 })
  resultText!: string;

  @Column({ name: 'assessment_name', type: 'varchar', length: 200 })
  assessmentName!: string;

  @Column({ name: 'course_name', type: 'varchar', length: 200 })
  courseName!: string;

  /** UTC. */
  @InstantColumn({ name: 'result_date' })
  resultDate!: Date;

  @Column({ name: 'bksb_session_id', type: 'integer' })
  bksbSessionId!: number;

  @InstantColumn({ name: 'imported_at' })
  importedAt!: Date;
}
