import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  Clock,
  DeliveryValuesProvider,
  escapeHtml,
  Mailer,
  OutgoingMail,
  Page,
  PageQueryDto,
  pageWindow,
  redactText,
  SecretCipher,
  SecretHolder,
  SecretLocation,
  SecretRewrite,
  SecretRotation,
  TransactionRunner,
  entityManagerOf,
  Transaction,
} from '@picsweb/common';
import { randomUUID } from 'node:crypto';
import { createTransport, Transporter } from 'nodemailer';
import { EntityManager, LessThanOrEqual, Not, IsNull, Repository } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { MetricsService, PendingMail } from '../metrics/metrics.service';
import { MailMessage, MailStatus } from './mail-message.entity';

export const MAX_DELIVERY_ATTEMPTS = 5;
const CLAIM_MS = 2 * 60 * 1000;
/** A message's secrets are bound to it: copied into another message, they do not decrypt. */
const secretsLocation = (message: Pick<MailMessage, 'id' | 'organisationId'>): SecretLocation => ({
  table: 'mail_messages',
  column: 'secrets',
  organisationId: message.organisationId,
  row: message.id,
});
const PLACEHOLDER = /\{\{secret:([A-Za-z0-9_]+)\}\}/g;
export const MASK = '••••••••';

export interface MailView {
  id: string;
  at: Date;
  to: string;
  subject: string;
  /** Secrets masked. */
  text: string;
  status: MailStatus;
  sentAt: Date | null;
  attempts: number;
  lastError: string | null;
}

function fill(template: string, secrets: Record<string, string>, escape: (s: string) => string): string {
  return template.replace(PLACEHOLDER, (_match, name: string) => {
    if (!(name in secrets)) throw new Error(`The secret "${name}" of this email is missing.`);
    return escape(secrets[name]);
  });
}

/**
 * The mail outbox: every email is stored first, then delivered over SMTP (when
 * SMTP_URL is set) by a polling loop with retries and backoff. Secrets are put into
 * the message only at delivery; the outbox shows them masked. The host's mailer port.
 */
@Injectable()
export class MailService implements Mailer, SecretHolder, OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  readonly secretsName = 'mail outbox';
  private readonly logger = new Logger('Mail');
  private readonly transport: Transporter | null;
  private timer: NodeJS.Timeout | null = null;
  private delivering: Promise<void> | null = null;
  private readonly deliveryValues = new Map<string, DeliveryValuesProvider>();

  constructor(
    @InjectRepository(MailMessage) private readonly messages: Repository<MailMessage>,
    private readonly transactions: TransactionRunner,
    private readonly cipher: SecretCipher,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly rotation: SecretRotation,
    private readonly metrics: MetricsService,
  ) {
    this.transport = config.smtpUrl
      ? createTransport({ url: config.smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 })
      : null;
  }

  onModuleInit(): void {
    this.rotation.register(this);
    this.metrics.measurePendingMail(() => this.pending());
  }

  /** The emails waiting to be sent, by every instance. */
  async pending(): Promise<PendingMail> {
    const [count, oldest] = await Promise.all([
      this.messages.countBy({ status: 'pending' }),
      this.messages.findOne({ where: { status: 'pending' }, order: { createdAt: 'ASC' }, select: { createdAt: true } }),
    ]);
    return { count, oldestCreatedAt: oldest?.createdAt ?? null };
  }

  async rotateSecrets(manager: EntityManager, rewrite: SecretRewrite): Promise<number> {
    const holding = await manager.find(MailMessage, { where: { secrets: Not(IsNull()) }, select: { id: true, organisationId: true, secrets: true } });
    let count = 0;
    for (const message of holding) {
      const secrets = rewrite(message.secrets!, secretsLocation(message));
      if (!secrets) continue;
      await manager.update(MailMessage, { id: message.id }, { secrets });
      count += 1;
    }
    return count;
  }

  onApplicationBootstrap(): void {
    if (!this.transport) {
      this.logger.log('SMTP_URL is not set: emails stay pending in the outbox.');
      return;
    }
    this.timer = setInterval(() => void this.deliverDue(), this.config.mailPollSeconds * 1000);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.delivering;
    this.transport?.close();
  }

  async queue(mail: OutgoingMail, transaction?: Transaction): Promise<{ id: string }> {
    const now = this.clock.now();
    const id = randomUUID();
    const message: MailMessage = {
      id,
      organisationId: mail.organisationId,
      createdAt: now,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      secrets: mail.secrets ? this.cipher.encrypt(JSON.stringify(mail.secrets), secretsLocation({ id, organisationId: mail.organisationId })) : null,
      deliveryProvider: mail.valuesAtDelivery?.provider ?? null,
      deliveryReference: mail.valuesAtDelivery?.reference ?? null,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      claimedUntil: null,
      sentAt: null,
      lastError: null,
    };
    if (transaction) await entityManagerOf(transaction).insert(MailMessage, message);
    else await this.transactions.run((own) => own.insert(MailMessage, message));
    if (this.transport) setTimeout(() => void this.deliverDue(), 0).unref();
    return { id: message.id };
  }

  registerDeliveryValues(provider: string, values: DeliveryValuesProvider): void {
    this.deliveryValues.set(provider, values);
  }

  async list(organisationId: string, query: PageQueryDto): Promise<Page<MailView>> {
    const { page, pageSize, skip } = pageWindow(query);
    const [rows, total] = await this.messages.findAndCount({
      where: { organisationId },
      order: { createdAt: 'DESC', id: 'DESC' },
      skip,
      take: pageSize,
    });
    const items = rows.map((m) => ({
      id: m.id,
      at: m.createdAt,
      to: m.to,
      subject: m.subject,
      text: m.text.replace(PLACEHOLDER, MASK),
      status: m.status,
      sentAt: m.sentAt,
      attempts: m.attempts,
      lastError: m.lastError,
    }));
    return { items, total, page, pageSize };
  }

  /**
   * Delivers every message due now; runs one at a time per instance, each after the one
   * before. Never rejects: a failure is logged and the next run tries again.
   */
  deliverDue(): Promise<void> {
    this.delivering = (this.delivering ?? Promise.resolve())
      .then(() => this.deliverDueNow())
      .catch((error: unknown) => this.logger.error(`Mail delivery paused: ${error instanceof Error ? error.message : String(error)}`));
    return this.delivering;
  }

  private async deliverDueNow(): Promise<void> {
    if (!this.transport) return;
    const due = await this.messages.find({
      where: { status: 'pending', nextAttemptAt: LessThanOrEqual(this.clock.now()) },
      order: { nextAttemptAt: 'ASC' },
      take: 50,
    });
    for (const message of due) {
      if (await this.claim(message.id)) await this.deliver(message);
    }
  }

  /** Takes a message for this instance unless another instance holds a live claim. */
  private async claim(id: string): Promise<boolean> {
    const now = this.clock.now();
    const result = await this.transactions.run((manager) =>
      manager
        .createQueryBuilder()
        .update(MailMessage)
        .set({ claimedUntil: new Date(now.getTime() + CLAIM_MS) })
        .where("id = :id AND status = 'pending' AND (claimed_until IS NULL OR claimed_until < :now)", { id, now: now.toISOString() })
        .execute(),
    );
    return result.affected === 1;
  }

  private async deliver(message: MailMessage): Promise<void> {
    try {
      const stored = message.secrets ? (JSON.parse(this.cipher.decrypt(message.secrets, secretsLocation(message))) as Record<string, string>) : {};
      const secrets = { ...stored, ...(await this.valuesAtDelivery(message)) };
      await this.transport!.sendMail({
        from: this.config.mailFrom,
        to: message.to,
        subject: message.subject,
        text: fill(message.text, secrets, (s) => s),
        html: fill(message.html, secrets, escapeHtml),
      });
      await this.settle(message.id, { status: 'sent', sentAt: this.clock.now(), secrets: null, attempts: message.attempts + 1, lastError: null });
      this.metrics.mailSent.inc();
    } catch (error) {
      const attempts = message.attempts + 1;
      const reason = redactText(error instanceof Error ? error.message : String(error)).slice(0, 500);
      const giveUp = attempts >= MAX_DELIVERY_ATTEMPTS;
      const delayMs = this.config.mailRetrySeconds * 1000 * 2 ** (attempts - 1);
      this.logger.warn(`Email ${message.id} not delivered (attempt ${attempts}): ${reason}`);
      this.metrics.mailFailed.inc({ final: String(giveUp) });
      await this.settle(message.id, {
        status: giveUp ? 'failed' : 'pending',
        attempts,
        lastError: reason,
        nextAttemptAt: new Date(this.clock.now().getTime() + delayMs),
      });
    }
  }

  /** Values only the provider knows now (e.g. a link that expires soon); a failure retries the delivery like an SMTP one. */
  private async valuesAtDelivery(message: MailMessage): Promise<Record<string, string>> {
    if (!message.deliveryProvider) return {};
    const provider = this.deliveryValues.get(message.deliveryProvider);
    if (!provider) throw new Error(`Nothing provides the values of "${message.deliveryProvider}" for this email.`);
    return provider.valuesFor(message.organisationId, message.deliveryReference ?? '');
  }

  private async settle(id: string, changes: Partial<MailMessage>): Promise<void> {
    await this.transactions.run((manager) => manager.update(MailMessage, { id }, { ...changes, claimedUntil: null }));
  }
}
