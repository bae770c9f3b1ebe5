import { EntityManager, FindOptionsWhere, In, IsNull } from 'typeorm';
import { AccountLinkState, BksbAccountLink } from '../entities/bksb-account-link.entity';

const LINKED: AccountLinkState[] = ['active', 'missing-in-bksb'];

/**
 * Where a person's link still names the bksb user that was read through `link`: not
 * unlinked, linked to another user or being created anew since. What was read of a user
 * is written only under this condition, so staff changing the link while bksb is read
 * win over the read.
 */
export function linkAsRead(link: BksbAccountLink): FindOptionsWhere<BksbAccountLink> {
  return { personId: link.personId, bksbUserId: link.bksbUserId ?? IsNull(), state: In(LINKED) };
}

/**
 * Of the links a read used, the people whose links still name the same user, read in the
 * transaction that is about to write what was read. On PostgreSQL their rows stay locked
 * until it ends: an unlink waits, and two writes of one person (two instances, or refresh
 * during a sync) take turns, so the second sees the first's results and decisions. Always
 * locked in id order, so two writes of several people never wait for each other in a
 * circle. SQLite's single connection already runs one transaction at a time.
 */
export async function lockLinksAsRead(manager: EntityManager, links: BksbAccountLink[]): Promise<Set<string>> {
  if (links.length === 0) return new Set();
  const locked = await manager.find(BksbAccountLink, {
    where: links.map(linkAsRead),
    select: { personId: true },
    order: { personId: 'ASC' },
    ...(manager.connection.options.type === 'postgres' ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
  return new Set(locked.map((link) => link.personId));
}
