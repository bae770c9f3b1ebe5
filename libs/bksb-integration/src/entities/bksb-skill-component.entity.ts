import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Level } from '../domain/bksb-domain';

/** One curriculum component of a person's diagnostic session (BksbDiagnosticBreakdown), as bksb measured it. */
@Entity('bksb_skill_components')
export class BksbSkillComponent {
  @PrimaryColumn({ name: 'person_id', type: 'varchar', length: 36 })
  personId!: string;

  @PrimaryColumn({ name: 'bksb_session_id', type: 'integer' })
  bksbSessionId!: number;

  /** CourseComponentName. */
  @PrimaryColumn({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ name: 'organisation_id', type: 'varchar', length: 36 })
  organisationId!: string;

  /** AbilityMeasurement exactly as bksb wrote it. */
  @Column({ type: 'varchar', length: 200 })
  measured!: string;

  /** The level `measured` names, in any spelling results use; null when none. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  level!: Level | null;

  /** `measured` as a percentage, when it is a number; null otherwise. */
  @Column({ type: 'real', nullable: true })
  percent!: number | null;
}
