import type { MigrationInterface } from 'typeorm';
import { BksbAccountLink } from './entities/bksb-account-link.entity';
import { BksbAssessmentResult } from './entities/bksb-assessment-result.entity';
import { BksbSyncRun } from './entities/bksb-sync-run.entity';
import { BksbSyncRequest } from './entities/bksb-sync-request.entity';
import { BksbTagDecision } from './entities/bksb-tag-decision.entity';
import { BksbSessionCheck } from './entities/bksb-session-check.entity';
import { BksbSettings } from './entities/bksb-settings.entity';
import { BksbBulkJob, BksbBulkJobItem } from './entities/bksb-bulk-job.entity';
import { BksbDiagnosticBreakdown } from './entities/bksb-diagnostic-breakdown.entity';
import { BksbSkillComponent } from './entities/bksb-skill-component.entity';
import { CreateBksbSettingsAndLinks1764480000000 } from './migrations/1764480000000-create-bksb-settings-and-links';
import { CreateBksbResultsAndTagDecisions1764490000000 } from './migrations/1764490000000-create-bksb-results-and-tag-decisions';
import { CreateBksbSyncRuns1764500000000 } from './migrations/1764500000000-create-bksb-sync-runs';
import { AddRunPositionsAndClaimTokens1764520000000 } from './migrations/1764520000000-add-run-positions-and-claim-tokens';
import { CreateBksbBulkJobs1764560000000 } from './migrations/1764560000000-create-bksb-bulk-jobs';
import { AddSessionStartedAt1764570000000 } from './migrations/1764570000000-add-session-started-at';
import { CreateBksbSyncRequests1764580000000 } from './migrations/1764580000000-create-bksb-sync-requests';
import { AddLoginDetailsStates1764590000000 } from './migrations/1764590000000-add-login-details-states';
import { AddSessionChecksAndAutoLoginSetting1764540000000 } from './migrations/1764540000000-add-session-checks-and-auto-login-setting';
import { CreateBksbSkills1764600000000 } from './migrations/1764600000000-create-bksb-skills';

export { BksbIntegrationModule } from './bksb-integration.module';
export type { BksbHostServices, BksbIntegrationModuleOptions } from './bksb-integration.module-definition';
export { BksbSettingsService } from './services/bksb-settings.service';

/** The plugin's entities and migrations, for the host's lists (docs/architecture.md). */
export const BKSB_ENTITIES: Array<new () => object> = [BksbSettings, BksbAccountLink, BksbAssessmentResult, BksbTagDecision, BksbSyncRun, BksbSyncRequest, BksbSessionCheck, BksbBulkJob, BksbBulkJobItem, BksbDiagnosticBreakdown, BksbSkillComponent];

export const BKSB_MIGRATIONS: Array<new () => MigrationInterface> = [
  CreateBksbSettingsAndLinks1764480000000,
  CreateBksbResultsAndTagDecisions1764490000000,
  CreateBksbSyncRuns1764500000000,
  AddRunPositionsAndClaimTokens1764520000000,
  AddSessionChecksAndAutoLoginSetting1764540000000,
  CreateBksbBulkJobs1764560000000,
  AddSessionStartedAt1764570000000,
  CreateBksbSyncRequests1764580000000,
  AddLoginDetailsStates1764590000000,
  CreateBksbSkills1764600000000,
];
