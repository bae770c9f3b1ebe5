import { InstantColumn } from '@picsweb/common';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ProblemKind, SubjectTagIds, BksbRegion } from '../domain/bksb-domain';

const tagListTransformer = {
  to: (value: SubjectTagIds | undefined) => (value === undefined ? value : JSON.stringify(value)),
  from: (value: string | null): SubjectTagIds => ({ english: [], maths: [], ict: [], ...(value ? (JSON.parse(value) as Partial<SubjectTagIds>) : {}) }),
};

/** An organisation's bksb settings: one row, made on first save. Secrets are SecretCipher envelopes. */
@Entity('bksb_settings')
export class BksbSettings {
  @PrimaryColumn({ name: 'organisation_id', type: 'varchar', length: 36 })
  organisationId!: string;

  @Column({ name: 'integration_enabled', type: 'boolean' })
  integrationEnabled!: boolean;

  @Column({ type: 'varchar', length: 2 })
  region!: BksbRegion;

  @Column({ name: 'bksb_login_url', type: 'varchar', length: 500, nullable: true })
  bksbLoginUrl!: string | null;

  @Column({ name: 'api_access_key', type: 'varchar', length: 200, nullable: true })
  apiAccessKey!: string | null;

  @Column({ name: 'api_secret_key', type: 'varchar', length: 500, nullable: true })
  apiSecretKey!: string | null;

  @Column({ name: 'default_password', type: 'varchar', length: 500, nullable: true })
  defaultPassword!: string | null;

  @Column({ name: 'auto_send_login_details', type: 'boolean' })
  autoSendLoginDetails!: boolean;

  @Column({ name: 'auto_enrol_on_courses', type: 'boolean' })
  autoEnrolOnCourses!: boolean;

  @Column({ name: 'download_diagnostic_results', type: 'boolean' })
  downloadDiagnosticResults!: boolean;

  @Column({ name: 'log_scheduled_sync_api_calls', type: 'boolean' })
  logScheduledSyncApiCalls!: boolean;

  /** Login emails also carry bksb's time-limited auto-login link, fetched when the email is sent. */
  @Column({ name: 'include_auto_login_link', type: 'boolean', default: false })
  includeAutoLoginLink!: boolean;

  @Column({ name: 'learner_tags', type: 'text', transformer: tagListTransformer })
  learnerTags!: SubjectTagIds;

  @Column({ name: 'applicant_tags', type: 'text', transformer: tagListTransformer })
  applicantTags!: SubjectTagIds;

  @InstantColumn({ name: 'updated_at', nullable: true })
  updatedAt!: Date | null;

  @Column({ name: 'updated_by', type: 'varchar', length: 320, nullable: true })
  updatedBy!: string | null;

  /** The last call with the stored keys failed for this reason; cleared by the next success. */
  @Column({ name: 'problem_kind', type: 'varchar', length: 20, nullable: true })
  problemKind!: ProblemKind | null;

  @Column({ name: 'problem_message', type: 'varchar', length: 500, nullable: true })
  problemMessage!: string | null;

  @InstantColumn({ name: 'problem_since', nullable: true })
  problemSince!: Date | null;
}

export const SECRET_COLUMNS = {
  apiSecretKey: { table: 'bksb_settings', column: 'api_secret_key' },
  defaultPassword: { table: 'bksb_settings', column: 'default_password' },
} as const;
