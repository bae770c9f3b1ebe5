import { Injectable } from '@nestjs/common';
import { PersonType } from '@picsweb/common';
import { BksbAccountLink } from '../entities/bksb-account-link.entity';
import { BksbAccountService } from './bksb-account.service';

export interface AccountView {
  username: string;
  bksbUserId: number;
  createdByPics: boolean;
  createdAt: Date;
  loginDetailsSentAt: Date | null;
  state: 'active' | 'missing-in-bksb';
}

export interface PersonPanel {
  account: AccountView | null;
  lastSyncedAt: Date | null;
  eligibleForSync: boolean;
  notEligibleBecause: string | null;
}

export function accountView(link: BksbAccountLink | null): AccountView | null {
  if (!link || link.state === 'claimed' || link.bksbUserId === null) return null;
  return {
    username: link.username,
    bksbUserId: link.bksbUserId,
    createdByPics: link.createdByPics,
    createdAt: link.createdAt,
    loginDetailsSentAt: link.loginDetailsSentAt,
    state: link.state,
  };
}

/** A person's bksb panel: account, sync eligibility. */
@Injectable()
export class BksbPersonPanelService {
  constructor(private readonly accounts: BksbAccountService) {}

  async panel(organisationId: string, type: PersonType, personId: string): Promise<PersonPanel> {
    const person = await this.accounts.person(organisationId, type, personId);
    const link = await this.accounts.link(organisationId, personId);
    return {
      account: accountView(link),
      lastSyncedAt: link?.lastSyncedAt ?? null,
      eligibleForSync: person.eligibleForSync,
      notEligibleBecause: person.notEligibleBecause,
    };
  }
}
