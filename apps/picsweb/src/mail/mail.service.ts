import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  Clock,
  DeliveryValuesProvider,
  escapeHtml,
  Mailer,
  MailOutcome,
  MailOutcomeListener,
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
  transactionOf,
} from '@picsweb/common';
import { randomUUID } from 'node:crypto';
import { createTransport, Transporter } from 'nodemailer';
import { EntityManager, FindOptionsWhere, In, LessThan, LessThanOrEqual, Not, IsNull, Repository } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { MetricsService, PendingMail } from '../metrics/metrics.service';
import { MailMessage, MailStatus } from './mail-message.entity';

export const MAX_DELIVERY_ATTEMPTS = 5;
/** The tries that wait for values fetched at delivery; from the last of them on, an email goes without them. */
export const VALUES_TRIES = 3;
/**
 * Shares of the claim (MAIL_CLAIM_SECONDS): fetching values and handing the email over
 * are each bounded, together well within the claim, which is renewed meanwhile.
 */
const VALUES_SHARE = 1 / 4;
const SEND_SHARE = 1 / 2;
const RENEW_SHARE = 1 / 4;
const OUTCOMES: Array<MailOutcome['state']> = ['sent', 'failed', 'unclear'];
const NOT_AGAIN = 'It is not sent again by itself: ask the person whether it arrived, and send it again if not.';
const UNCLEAR = {
  abandoned: `The delivery stopped after the mail server may have accepted this email (PICSWeb stopped or lost its database). ${NOT_AGAIN}`,
  noAnswer: (reason: string) => `The mail server stopped answering after it was given this email (${reason}). ${NOT_AGAIN}`,
  notRecorded: (reason: string) => `The mail server accepted this email, but PICSWeb could not record that (${reason}). ${NOT_AGAIN}`,
};
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
  /** When the mail server accepted it. */
  sentAt: Date | null;
  attempts: number;
  lastError: string | null;
  /** It went (or may have gone) without the values fetched at delivery (a time-limited link). */
  withoutValues: boolean;
}

interface Content {
  text: string;
  html: string;
  withoutValues: boolean;
}

/** What became of handing an email to the mail server: refused means it cannot have been accepted. */
type HandOver = { kind: 'accepted' } | { kind: 'refused' | 'unknown'; reason: string };

const reasonOf = (error: unknown) => redactText(error instanceof Error ? error.message : String(error)).slice(0, 500);

/** The mail server answered with a refusal, or no session with it began: it cannot have accepted the email. */
function refusedBeforeAccepting(error: unknown): boolean {
  const failure = error as { responseCode?: unknown; syscall?: unknown; code?: unknown; message?: unknown };
  return (
    typeof failure.responseCode === 'number' ||
    failure.syscall === 'connect' ||
    failure.code === 'EDNS' ||
    failure.message === 'Greeting never received' ||
    failure.message === 'Connection timeout'
  );
}

function withDeadline<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)));
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** The Message-ID of a new email: its id at the sender's domain. */
function messageIdOf(id: string, mailFrom: string): string {
  const domain = /@([^\s>]+)>?\s*$/.exec(mailFrom)?.[1] ?? 'picsweb.invalid';
  return `<${id}@${domain}>`;
}

function fill(template: string, secrets: Record<string, string>, escape: (s: string) => string): string {
  return template.replace(PLACEHOLDER, (_match, name: string) => {
    if (!(name in secrets)) throw new Error(`The secret "${name}" of this email is missing.`);
    return escape(secrets[name]);
  });
}

/**
 * The mail outbox: every email is stored first, then delivered over SMTP (when
 * SMTP_URL is set) by a polling loop with retries and backoff, at most once: an email
 * handed to the mail server is never tried again, and one whose answer was lost is
 * unclear. Secrets are put into the message only at delivery; the outbox shows them
 * masked. The host's mailer port.
 */
@Injectable()
export class MailService implements Mailer, SecretHolder, OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  readonly secretsName = 'mail outbox';
  private readonly logger = new Logger('Mail');
  private readonly transport: Transporter | null;
  private timer: NodeJS.Timeout | null = null;
  private delivering: Promise<void> | null = null;
  private readonly deliveryValues = new Map<string, DeliveryValuesProvider>();
  private readonly outcomeListeners = new Map<string, MailOutcomeListener>();

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

  /** The emails waiting to be sent, by every instance: queued, or being handed to the mail server (not sent until it accepts). */
  async pending(): Promise<PendingMail> {
    const waiting = { status: In(['pending', 'sending']) };
    const [count, oldest] = await Promise.all([
      this.messages.countBy(waiting),
      this.messages.findOne({ where: waiting, order: { createdAt: 'ASC' }, select: { createdAt: true } }),
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
      textWithoutValues: mail.valuesAtDelivery?.without.text ?? null,
      htmlWithoutValues: mail.valuesAtDelivery?.without.html ?? null,
      withoutValues: false,
      outcomeListener: mail.outcomeListener ?? null,
      messageId: messageIdOf(id, this.config.mailFrom),
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      claimedUntil: null,
      claimToken: null,
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

  registerOutcomeListener(name: string, listener: MailOutcomeListener): void {
    this.outcomeListeners.set(name, listener);
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
      withoutValues: m.withoutValues,
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
      .catch((error: unknown) => this.logger.error(`Mail delivery paused: ${reasonOf(error)}`));
    return this.delivering;
  }

  private async deliverDueNow(): Promise<void> {
    if (!this.transport) return;
    await this.settleAbandoned();
    const due = await this.messages.find({
      where: { status: 'pending', nextAttemptAt: LessThanOrEqual(this.clock.now()) },
      order: { nextAttemptAt: 'ASC' },
      take: 50,
    });
    for (const message of due) {
      const token = await this.claim(message.id);
      if (token) await this.deliverClaimed(message, token);
    }
  }

  /**
   * A delivery whose claim lapsed after the email was handed to the mail server (its
   * instance stopped, or could not record the answer) may have been sent: unclear, and
   * never sent again by itself.
   */
  private async settleAbandoned(): Promise<void> {
    const now = this.clock.now();
    const abandoned = await this.messages.find({ where: { status: 'sending', claimedUntil: LessThan(now) }, take: 50 });
    for (const message of abandoned) {
      await this.settle(message, { status: 'sending', claimToken: message.claimToken! }, { status: 'unclear', lastError: UNCLEAR.abandoned });
    }
  }

  /** Takes a message for this instance unless another instance holds a live claim; answers the claim's token. */
  private async claim(id: string): Promise<string | null> {
    const now = this.clock.now();
    const token = randomUUID();
    const result = await this.transactions.run((manager) =>
      manager
        .createQueryBuilder()
        .update(MailMessage)
        .set({ claimedUntil: this.claimEnd(), claimToken: token })
        .where("id = :id AND status = 'pending' AND (claimed_until IS NULL OR claimed_until < :now)", { id, now: now.toISOString() })
        .execute(),
    );
    return result.affected === 1 ? token : null;
  }

  private claimEnd(): Date {
    return new Date(this.clock.now().getTime() + this.config.mailClaimSeconds * 1000);
  }

  /** Keeps the claim alive while the delivery is under way, so no other instance takes the message meanwhile. */
  private async renewClaim(id: string, token: string): Promise<void> {
    try {
      await this.transactions.run((manager) => manager.update(MailMessage, { id, claimToken: token, status: In(['pending', 'sending']) }, { claimedUntil: this.claimEnd() }));
    } catch (error) {
      this.logger.warn(`The claim on email ${id} could not be renewed: ${reasonOf(error)}`);
    }
  }

  private async deliverClaimed(message: MailMessage, token: string): Promise<void> {
    const renewal = setInterval(() => void this.renewClaim(message.id, token), this.budgetMs(RENEW_SHARE));
    try {
      await this.deliver(message, token);
    } finally {
      clearInterval(renewal);
    }
  }

  /**
   * One try: the message made (with values fetched now), marked sending (so it is never
   * tried again), handed to the mail server, and its answer recorded. Only the claim's
   * holder gets past the mark, so a message is handed over at most once.
   */
  private async deliver(message: MailMessage, token: string): Promise<void> {
    const attempts = message.attempts + 1;
    const mine = { id: message.id, claimToken: token };
    let content: Content;
    try {
      content = await this.compose(message, attempts);
    } catch (error) {
      return this.retryLater(message, { ...mine, status: 'pending' }, attempts, reasonOf(error));
    }
    const marked = await this.transactions.run((manager) => manager.update(MailMessage, { ...mine, status: 'pending' }, { status: 'sending', claimedUntil: this.claimEnd() }));
    if (marked.affected !== 1) return;
    const answer = await this.hand(message, content);
    if (answer.kind === 'refused') return this.retryLater(message, { ...mine, status: 'sending' }, attempts, answer.reason);
    const changes = { attempts, withoutValues: content.withoutValues };
    if (answer.kind === 'unknown') {
      await this.settle(message, { ...mine, status: 'sending' }, { ...changes, status: 'unclear', lastError: UNCLEAR.noAnswer(answer.reason) });
      return;
    }
    this.metrics.mailSent.inc();
    const sent = { ...changes, status: 'sent' as const, sentAt: this.clock.now(), secrets: null, lastError: null };
    try {
      await this.settle(message, { ...mine, status: In(['sending', 'unclear']) }, sent, { rethrow: true });
    } catch (error) {
      this.logger.error(`Email ${message.id} was accepted by the mail server, but recording that failed: ${reasonOf(error)}`);
      await this.settle(message, { ...mine, status: 'sending' }, { ...changes, status: 'unclear', lastError: UNCLEAR.notRecorded(reasonOf(error)) });
    }
  }

  /** Secrets filled in; the values fetched at delivery too, or, after their few tries, the email as it goes without them. */
  private async compose(message: MailMessage, attempts: number): Promise<Content> {
    const stored = message.secrets ? (JSON.parse(this.cipher.decrypt(message.secrets, secretsLocation(message))) as Record<string, string>) : {};
    let secrets = stored;
    let withoutValues = false;
    if (message.deliveryProvider) {
      try {
        secrets = { ...stored, ...(await this.valuesAtDelivery(message)) };
      } catch (error) {
        if (attempts < VALUES_TRIES || message.textWithoutValues === null || message.htmlWithoutValues === null) throw error;
        this.logger.warn(`Email ${message.id} goes without its values fetched at delivery: ${reasonOf(error)}`);
        withoutValues = true;
      }
    }
    return {
      text: fill(withoutValues ? message.textWithoutValues! : message.text, secrets, (value) => value),
      html: fill(withoutValues ? message.htmlWithoutValues! : message.html, secrets, escapeHtml),
      withoutValues,
    };
  }

  /** Values only the provider knows now (e.g. a link that expires soon), within their share of the claim. */
  private async valuesAtDelivery(message: MailMessage): Promise<Record<string, string>> {
    const provider = this.deliveryValues.get(message.deliveryProvider!);
    if (!provider) throw new Error(`Nothing provides the values of "${message.deliveryProvider}" for this email.`);
    const seconds = this.budgetMs(VALUES_SHARE) / 1000;
    return withDeadline(provider.valuesFor(message.organisationId, message.deliveryReference ?? ''), this.budgetMs(VALUES_SHARE), `They did not come within ${seconds} s.`);
  }

  /** Hands the email to the mail server, within its share of the claim. */
  private async hand(message: MailMessage, content: Content): Promise<HandOver> {
    const seconds = this.budgetMs(SEND_SHARE) / 1000;
    const sending = this.transport!.sendMail({
      from: this.config.mailFrom,
      to: message.to,
      subject: message.subject,
      text: content.text,
      html: content.html,
      messageId: message.messageId,
    });
    try {
      await withDeadline(sending, this.budgetMs(SEND_SHARE), `The mail server did not answer within ${seconds} s.`);
      return { kind: 'accepted' };
    } catch (error) {
      sending.catch(() => undefined);
      return { kind: refusedBeforeAccepting(error) ? 'refused' : 'unknown', reason: reasonOf(error) };
    }
  }

  private budgetMs(share: number): number {
    return this.config.mailClaimSeconds * 1000 * share;
  }

  /** Back to pending for a later try, or failed after the last. */
  private async retryLater(message: MailMessage, mine: FindOptionsWhere<MailMessage>, attempts: number, reason: string): Promise<void> {
    const giveUp = attempts >= MAX_DELIVERY_ATTEMPTS;
    const delayMs = this.config.mailRetrySeconds * 1000 * 2 ** (attempts - 1);
    this.logger.warn(`Email ${message.id} not delivered (attempt ${attempts}): ${reason}`);
    this.metrics.mailFailed.inc({ final: String(giveUp) });
    await this.settle(message, mine, {
      status: giveUp ? 'failed' : 'pending',
      attempts,
      lastError: reason,
      nextAttemptAt: new Date(this.clock.now().getTime() + delayMs),
    });
  }

  /**
   * Changes the message if it is still as `where` says, and tells its outcome listener in
   * the same transaction when it reached an outcome. A failure is logged (the claim lapses
   * and the message is settled again), or rethrown when asked.
   */
  private async settle(message: MailMessage, where: FindOptionsWhere<MailMessage>, changes: Partial<MailMessage>, options: { rethrow?: boolean } = {}): Promise<void> {
    const outcome = OUTCOMES.find((state) => state === changes.status);
    try {
      await this.transactions.run(async (manager) => {
        const changed = await manager.update(MailMessage, { ...where, id: message.id }, { ...changes, claimedUntil: null });
        if (changed.affected !== 1 || !outcome || !message.outcomeListener) return;
        const listener = this.outcomeListeners.get(message.outcomeListener);
        if (!listener) return this.logger.warn(`Nothing listens for the outcome of email ${message.id} ("${message.outcomeListener}").`);
        await listener.recordOutcome(
          {
            mailId: message.id,
            organisationId: message.organisationId,
            state: outcome,
            at: changes.sentAt ?? this.clock.now(),
            reason: changes.lastError ?? null,
            withoutValuesAtDelivery: changes.withoutValues ?? message.withoutValues,
          },
          transactionOf(manager),
        );
      });
    } catch (error) {
      if (options.rethrow) throw error;
      this.logger.error(`Email ${message.id} could not be recorded as ${changes.status}: ${reasonOf(error)}`);
    }
  }
}
