import { InstantColumn, PersonType } from '@picsweb/common';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const SYSTEM_STATUSES = ['Live', 'Archived'] as const;
export type SystemStatus = (typeof SYSTEM_STATUSES)[number];
export const LEARNING_STATUSES = ['InLearning', 'Completed', 'Withdrawn', 'BreakInLearning'] as const;
export type LearningStatus = (typeof LEARNING_STATUSES)[number];
export const APPLICATION_STATUSES = ['Open', 'Withdrawn', 'Converted'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/**
 * A learner or an applicant: one table, since both share names, email, status and
 * tags, and the sync pages through both. Fields of the other type stay null.
 */
@Entity('people')
@Index('ix_people_organisation_type_name', ['organisationId', 'type', 'lastName'])
export class Person {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'organisation_id', type: 'varchar', length: 36 })
  organisationId!: string;

  @Column({ name: 'person_type', type: 'varchar', length: 10 })
  type!: PersonType;

  @Column({ name: 'first_name', type: 'varchar', length: 100 })
  firstName!: string;

  @Column({ name: 'last_name', type: 'varchar', length: 100 })
  lastName!: string;

  @Column({ type: 'varchar', length: 320, nullable: true })
  email!: string | null;

  @Column({ name: 'date_of_birth', type: 'date', nullable: true })
  dateOfBirth!: string | null;

  @Column({ name: 'system_status', type: 'varchar', length: 10 })
  systemStatus!: SystemStatus;

  @Column({ name: 'learning_status', type: 'varchar', length: 20, nullable: true })
  learningStatus!: LearningStatus | null;

  @Column({ name: 'start_date', type: 'date', nullable: true })
  startDate!: string | null;

  @Column({ name: 'end_date', type: 'date', nullable: true })
  endDate!: string | null;

  @Column({ name: 'application_status', type: 'varchar', length: 20, nullable: true })
  applicationStatus!: ApplicationStatus | null;

  @Column({ name: 'closed_on', type: 'date', nullable: true })
  closedOn!: string | null;

  @InstantColumn({ name: 'created_at' })
  createdAt!: Date;

  @InstantColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
