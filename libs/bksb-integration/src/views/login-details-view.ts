import { BksbAccountLink, LoginDetailsState } from '../entities/bksb-account-link.entity';

/** The latest login details email of an account, as the API and pages show it. */
export interface LoginDetailsView {
  state: LoginDetailsState;
  queuedAt: Date | null;
  /** When the mail server accepted it. */
  sentAt: Date | null;
  /** Why it failed, or why its outcome is unclear. */
  failure: string | null;
  withoutAutoLoginLink: boolean;
}

export const loginDetailsView = (link: BksbAccountLink): LoginDetailsView => ({
  state: link.loginDetailsState,
  queuedAt: link.loginDetailsQueuedAt,
  sentAt: link.loginDetailsSentAt,
  failure: link.loginDetailsFailure,
  withoutAutoLoginLink: link.loginDetailsWithoutLink,
});
