import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Clock, TransactionRunner } from '@picsweb/common';
import { CronJob } from 'cron';
import { randomInt } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { MailMessage } from '../mail/mail-message.entity';
import { SystemLogEntry } from '../system-log/system-log-entry.entity';
import { WebSession } from '../web/sessions/web-session.entity';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Daily: system log lines and delivered or failed mail older than RETENTION_DAYS are
 * deleted, and so are page sessions idle past AUTH_TOKEN_TTL_SECONDS or older than
 * SESSION_MAX_HOURS.
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Retention');

  constructor(
    private readonly scheduler: SchedulerRegistry,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const job = CronJob.from({ cronTime: `${randomInt(60)} 2 * * *`, onTick: () => void this.prune(), timeZone: 'Europe/London' });
    this.scheduler.addCronJob('retention', job);
    job.start();
  }

  async prune(): Promise<{ logLines: number; emails: number; sessions: number }> {
    const now = this.clock.now().getTime();
    const cutoff = new Date(now - this.config.retentionDays * DAY_MS).toISOString();
    const idleCutoff = new Date(now - this.config.authTokenTtlSeconds * 1000).toISOString();
    const signInCutoff = new Date(now - this.config.sessionMaxHours * 3600 * 1000).toISOString();
    try {
      return await this.transactions.run(async (manager) => {
        const logs = await manager.createQueryBuilder().delete().from(SystemLogEntry).where('at < :cutoff', { cutoff }).execute();
        const mail = await manager
          .createQueryBuilder()
          .delete()
          .from(MailMessage)
          .where("status IN ('sent', 'failed') AND created_at < :cutoff", { cutoff })
          .execute();
        const sessions = await manager
          .createQueryBuilder()
          .delete()
          .from(WebSession)
          .where('last_seen_at < :idleCutoff OR created_at < :signInCutoff', { idleCutoff, signInCutoff })
          .execute();
        const pruned = { logLines: logs.affected ?? 0, emails: mail.affected ?? 0, sessions: sessions.affected ?? 0 };
        this.logger.log(
          `Pruned ${pruned.logLines} log lines and ${pruned.emails} emails older than ${this.config.retentionDays} days, and ${pruned.sessions} expired sessions.`,
        );
        return pruned;
      });
    } catch (error) {
      this.logger.error(`Pruning failed: ${error instanceof Error ? error.message : String(error)}`);
      return { logLines: 0, emails: 0, sessions: 0 };
    }
  }
}
