import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TransactionRunner } from '../database/transaction-runner';
import { SecretCipher } from './secret-cipher';

/** Something that stores secrets and can re-encrypt them with the active key. */
export interface SecretHolder {
  /** What it holds, for the report, e.g. "bksb settings". */
  readonly secretsName: string;
  /** Re-encrypts every value not under the active key; returns how many it changed. */
  rotateSecrets(manager: EntityManager, cipher: SecretCipher): Promise<number>;
}

/**
 * Every secret holder (host and plugins register themselves) re-encrypted with the
 * active key in one transaction, so that an old key can then leave the ring.
 */
@Injectable()
export class SecretRotation {
  private readonly holders = new Set<SecretHolder>();

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly cipher: SecretCipher,
  ) {}

  register(holder: SecretHolder): void {
    this.holders.add(holder);
  }

  rotateAll(): Promise<Record<string, number>> {
    return this.transactions.run(async (manager) => {
      const report: Record<string, number> = {};
      for (const holder of this.holders) report[holder.secretsName] = await holder.rotateSecrets(manager, this.cipher);
      return report;
    });
  }
}
