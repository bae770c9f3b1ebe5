import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TransactionRunner } from '../database/transaction-runner';
import { SecretCipher, SecretLocation } from './secret-cipher';

/** The new envelope of a stored value, or null to leave it as it is. */
export type SecretRewrite = (envelope: string, location: SecretLocation) => string | null;

/** Something that stores secrets and can rewrite them. */
export interface SecretHolder {
  /** What it holds, for the report, e.g. "bksb settings". */
  readonly secretsName: string;
  /** Offers every stored envelope to `rewrite` and saves what it returns; returns how many changed. */
  rotateSecrets(manager: EntityManager, rewrite: SecretRewrite): Promise<number>;
}

/**
 * Every secret holder (host and plugins register themselves) rewritten in one
 * transaction: by `rotate-secrets`, every value not under the active key, so an old key
 * can leave the ring; at each start, the values older versions wrote in the v1
 * envelope (not bound to the organisation and row), so an existing database keeps
 * working and v1 is never accepted in use.
 */
@Injectable()
export class SecretRotation implements OnApplicationBootstrap {
  private readonly logger = new Logger('Secrets');
  private readonly holders = new Set<SecretHolder>();

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly cipher: SecretCipher,
  ) {}

  register(holder: SecretHolder): void {
    this.holders.add(holder);
  }

  rotateAll(): Promise<Record<string, number>> {
    return this.rewriteAll((envelope, location) => (this.cipher.needsRotation(envelope) ? this.cipher.reencrypt(envelope, location) : null));
  }

  async onApplicationBootstrap(): Promise<void> {
    const report = await this.rewriteAll((envelope, location) => {
      if (!this.cipher.isLegacy(envelope)) return null;
      try {
        return this.cipher.reencrypt(envelope, location);
      } catch (error) {
        // Left as it is: it fails loudly, with this reason, where it is used.
        this.logger.warn(`A v1 secret in ${location.table}.${location.column} of ${location.organisationId} was not upgraded: ${(error as Error).message}`);
        return null;
      }
    });
    const upgraded = Object.entries(report).filter(([, count]) => count > 0);
    if (upgraded.length > 0) this.logger.log(`Secrets bound to their organisation: ${upgraded.map(([name, count]) => `${name} ${count}`).join(', ')}.`);
  }

  private rewriteAll(rewrite: SecretRewrite): Promise<Record<string, number>> {
    return this.transactions.run(async (manager) => {
      const report: Record<string, number> = {};
      for (const holder of this.holders) report[holder.secretsName] = await holder.rotateSecrets(manager, rewrite);
      return report;
    });
  }
}
