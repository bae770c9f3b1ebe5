import { PersonType, StatusTone } from '@picsweb/common';
import { BulkJobStatus, BulkOutcome } from '../entities/bksb-bulk-job.entity';
import { LoginDetailsState } from '../entities/bksb-account-link.entity';
import { AssessmentProgress } from '../rules/assessment-progress';
import { LevelBucket, Measure } from '../rules/initial-levels';
import { SkillBucket } from '../rules/skill-gaps';
import { SyncRunStatus, SyncTrigger } from '../entities/bksb-sync-run.entity';
import { CheckReason, ResultKind, SubjectKey, Level } from '../domain/bksb-domain';

export const SUBJECT_LABELS: Record<SubjectKey, string> = { english: 'English', maths: 'Maths', ict: 'ICT' };

export const PERSON_TYPE_LABELS: Record<PersonType, { one: string; many: string }> = {
  learner: { one: 'Learner', many: 'Learners' },
  applicant: { one: 'Applicant', many: 'Applicants' },
};

export const RUN_STATUS_LABELS: Record<SyncRunStatus, string> = {
  running: 'Running',
  succeeded: 'Succeeded',
  partial: 'Partly failed',
  failed: 'Failed',
};

/**
 * When results reach PICSWeb on the default schedule (sync/bksb-sync.cron.ts): new accounts
 * every 10 minutes, an assessment in progress every 2, everyone else hourly. The one source
 * of these figures for every page that says them.
 */
export const SCHEDULE = {
  newAccounts: 'every 10 minutes',
  assessmentInProgress: 'every 2 minutes',
  everyoneElse: 'every hour',
  /** A new account's assessment sessions (sync/bksb-sync-lanes.ts readsSessions): where they have got to. */
  newAccountSessions: 'twice an hour',
} as const;

/** The one sentence of when results arrive, near the top of the Summary. */
export const WHEN_RESULTS_ARRIVE =
  'New accounts\' results arrive within 10 minutes, an assessment in progress within a few minutes, and everyone else\'s every hour; Get latest results on a person\'s page brings theirs at once.';

export const RUN_TRIGGER_LABELS: Record<SyncTrigger, string> = {
  schedule: 'Scheduled',
  manual: 'Sync now',
  fresh: `New accounts (${SCHEDULE.newAccounts})`,
  session: `Assessment in progress (${SCHEDULE.assessmentInProgress})`,
};

/** bksb's own steps to switch its legacy Databridge off, shown beside Integration Enabled and near the top of the Summary. */
export const DATABRIDGE_WARNING =
  'Switch off bksb\'s legacy Databridge before you switch this integration on: in bksb, open Admin Options > Databridge Settings and set Databridge State to Off. Running both imports every result twice.';

/** The person panel's form labels (docs/pages.md's accessible names), also used to name fields in messages. */
export const ACCOUNT_LABELS: Record<string, string> = { username: 'bksb user name' };

export const RESULT_KIND_LABELS: Record<ResultKind, string> = { initial: 'Initial', diagnostic: 'Diagnostic' };

export const LEVEL_LABELS: Record<string, string> = {
  BelowE1: 'Below Entry 1',
  E1: 'Entry 1',
  E2: 'Entry 2',
  E3: 'Entry 3',
  L1: 'Level 1',
  L2: 'Level 2',
  L3: 'Level 3',
};

/** Each bar of the levels chart: a level, or no result. */
export const BUCKET_LABELS: Record<LevelBucket, string> = { ...(LEVEL_LABELS as Record<Level, string>), none: 'No result' };

/** Each column of the skills heat map: a level, or a measurement that names none. */
export const SKILL_BUCKET_LABELS: Record<SkillBucket, string> = { ...(LEVEL_LABELS as Record<Level, string>), other: 'Other' };

export const PROGRESS_LABELS: Record<AssessmentProgress, string> = {
  done: 'Done',
  started: 'Started, not finished',
  'not-started': 'Not started',
  unknown: 'Not checked yet',
};

export const MEASURE_LABELS: Record<Measure, string> = { latest: 'Latest result', best: 'Best result' };

/** The settings' form labels (docs/pages.md's accessible names), also used to name fields in messages. */
export const SETTINGS_LABELS: Record<string, string> = {
  integrationEnabled: 'Integration Enabled',
  region: 'Region',
  bksbLoginUrl: 'bksb login address',
  apiAccessKey: 'API Access Key',
  apiSecretKey: 'API Secret Key',
  defaultPassword: 'Default Password',
  autoSendLoginDetails: 'Auto Send Login Details',
  autoEnrolOnCourses: 'Auto Enrol on Courses',
  downloadDiagnosticResults: 'Download Diagnostic Assessment Results',
  logScheduledSyncApiCalls: 'Log Scheduled Sync API Calls',
  includeAutoLoginLink: 'Include auto-login link',
  'learnerTags.english': 'Learner tags for English',
  'learnerTags.maths': 'Learner tags for Maths',
  'learnerTags.ict': 'Learner tags for ICT',
  'applicantTags.english': 'Applicant tags for English',
  'applicantTags.maths': 'Applicant tags for Maths',
  'applicantTags.ict': 'Applicant tags for ICT',
};

export const BULK_STATUS_LABELS: Record<BulkJobStatus, string> = { running: 'Running', done: 'Finished', failed: 'Stopped' };

export const BULK_OUTCOME_LABELS: Record<BulkOutcome, string> = { done: 'Done', skipped: 'Skipped', failed: 'Failed' };

/** Why a person is checked when they are: a short name, and what puts a person there. */
export const CHECK_REASON_LABELS: Record<CheckReason, { name: string; why: string }> = {
  'assessment-in-progress': {
    name: 'Assessment in progress',
    why: `bksb shows an initial English or Maths assessment begun in the last 3 hours and not finished; checked ${SCHEDULE.assessmentInProgress}`,
  },
  'new-account': {
    name: 'New account',
    why: `account created or linked in the last 14 days, with no initial English or Maths result yet; checked ${SCHEDULE.newAccounts}`,
  },
  hourly: { name: 'Scheduled sync', why: `everyone else with a bksb account; checked ${SCHEDULE.everyoneElse}` },
};

/** The latest login details email's state as a status tag (docs/pages.md's words); none has no tag. */
export const LOGIN_DETAILS_TAGS: Record<Exclude<LoginDetailsState, 'none'>, { label: string; tone: StatusTone }> = {
  queued: { label: 'Queued', tone: 'grey' },
  sent: { label: 'Sent', tone: 'green' },
  failed: { label: 'Failed', tone: 'red' },
  unclear: { label: 'Unclear', tone: 'amber' },
};
