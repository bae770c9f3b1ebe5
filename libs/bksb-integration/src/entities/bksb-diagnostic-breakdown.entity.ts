import { InstantColumn, PersonType } from '@picsweb/common';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Level, Subject } from '../domain/bksb-domain';

/**
 * That bksb's component data of one finished diagnostic session of a person has been
 * read (`GetEOAReportDataForAssessmentSessionV5`), with what the session was: the sync
 * never asks for it again. Its components are BksbSkillComponent rows; a session bksb
 * gave no breakdown for has none.
 */
@Entity('bksb_diagnostic_breakdowns')
export class BksbDiagnosticBreakdown {
  @PrimaryColumn({ name: 'person_id', type: 'varchar', length: 36 })
  personId!: string;

  @PrimaryColumn({ name: 'bksb_session_id', type: 'integer' })
  bksbSessionId!: number;

  @Column({ name: 'organisation_id', type: 'varchar', length: 36 })
  organisationId!: string;

  @Column({ name: 'person_type', type: 'varchar', length: 10 })
  personType!: PersonType;

  /** Null when it cannot be mapped; such a session is shown nowhere. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  subject!: Subject | null;

  /** MeasuringAssessmentName (or the diagnostic result's name when bksb gave no breakdown). */
  @Column({ name: 'assessment_name', type: 'varchar', length: 200 })
  assessmentName!: string;

  /** The level the diagnostic assessed, read from its name; null when it names none. */
  @Column({ name: 'assessed_level', type: 'varchar', length: 10, nullable: true })
  assessedLevel!: Level | null;

  /** When the diagnostic was done (MeasuredAt, or the result's date), UTC. */
  @InstantColumn({ name: 'measured_at' })
  measuredAt!: Date;

  @InstantColumn({ name: 'fetched_at' })
  fetchedAt!: Date;
}
