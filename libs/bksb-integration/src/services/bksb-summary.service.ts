import { Injectable } from '@nestjs/common';
import { TagRef } from '@picsweb/common';
import { BKSB_INFORMATION } from './bksb-information';

export interface SubjectTags {
  english: TagRef[];
  maths: TagRef[];
  ict: TagRef[];
}

export interface BksbSummary {
  licensed: true;
  integrationEnabled: boolean;
  learnerTags: SubjectTags;
  applicantTags: SubjectTags;
  lastRun: null;
  nextRunAt: string | null;
  problem: { kind: 'credentials' | 'permissions' | 'unreachable'; message: string; since: string } | null;
  information: string;
}

const NO_TAGS: SubjectTags = { english: [], maths: [], ict: [] };

/** The Summary screen of an organisation (reached only with the licence). */
@Injectable()
export class BksbSummaryService {
  summary(_organisationId: string): Promise<BksbSummary> {
    return Promise.resolve({
      licensed: true,
      integrationEnabled: false,
      learnerTags: NO_TAGS,
      applicantTags: NO_TAGS,
      lastRun: null,
      nextRunAt: null,
      problem: null,
      information: BKSB_INFORMATION,
    });
  }
}
