import { DirectoryPerson } from '@picsweb/common';
import { BksbAccountLink } from '../../entities/bksb-account-link.entity';
import { AccountView } from '../../views/bksb-person-panel.service';

export const fullName = (person: Pick<DirectoryPerson, 'firstName' | 'lastName'>): string => `${person.firstName} ${person.lastName}`;

/** The bksb user name a creation would use, or why creating would be refused. */
export type CreatePlan = { username: string } | { reason: string };

/** What the panel offers for the person's bksb account. */
export type AccountStatus =
  | {
      kind: 'none';
      create: CreatePlan;
      /** An earlier creation was cut off; creating again looks the user up in bksb first. */
      earlierAttemptCutOff: boolean;
      /** Pre-filled in Link existing account. */
      suggestedUsername: string | null;
    }
  | { kind: 'being-created' }
  | { kind: 'linked'; account: AccountView };

/** A claim past its lease was cut off (a crash, or an unclear answer from bksb); the next Create resolves it. */
const isCutOff = (link: BksbAccountLink, now: Date) => link.state === 'claimed' && (link.claimExpiresAt?.getTime() ?? 0) <= now.getTime();

/** Checked before the action is offered, with the service's words; the service checks again when it is taken. */
export function createPlan(person: DirectoryPerson, link: BksbAccountLink | null, now: Date): CreatePlan {
  const name = fullName(person);
  if (link && !isCutOff(link, now)) {
    return link.state === 'claimed'
      ? { reason: `A bksb account for ${name} is being created right now. Reload in a moment.` }
      : { reason: `${name} already has a bksb account (${link.username}). Unlink it first to use another.` };
  }
  if (!person.email) return { reason: `${name} has no email address. Add one, then create the bksb account.` };
  return { username: person.email };
}

export function accountStatusOf(
  person: DirectoryPerson,
  link: BksbAccountLink | null,
  account: AccountView | null,
  now: Date,
  suggestedUsername: string | null,
): AccountStatus {
  if (account) return { kind: 'linked', account };
  if (link && !isCutOff(link, now)) return { kind: 'being-created' };
  return { kind: 'none', create: createPlan(person, link, now), earlierAttemptCutOff: link !== null, suggestedUsername };
}
