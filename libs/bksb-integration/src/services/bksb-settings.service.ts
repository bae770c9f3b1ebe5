import { BadRequestException, ConflictException, Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  Clock,
  FieldError,
  SecretCipher,
  SecretHolder,
  SecretLocation,
  SecretRewrite,
  SecretRotation,
  SYSTEM_LOG,
  SystemLogWriter,
  TAGGING,
  Tagging,
  TransactionRunner,
  transactionOf,
} from '@picsweb/common';
import { EntityManager, IsNull, Not, Repository } from 'typeorm';
import { BksbConnection } from '../client/bksb-api.types';
import { UpdateBksbSettingsDto } from '../dto/update-bksb-settings.dto';
import { BksbAccountLink } from '../entities/bksb-account-link.entity';
import { BksbSettings, SECRET_COLUMNS } from '../entities/bksb-settings.entity';
import { ProblemKind, SUBJECT_KEYS, SubjectTagIds } from '../domain/bksb-domain';

export interface BksbSettingsView {
  integrationEnabled: boolean;
  region: 'UK' | 'AU';
  bksbLoginUrl: string | null;
  apiAccessKey: string | null;
  apiSecretKeySet: boolean;
  defaultPasswordSet: boolean;
  autoSendLoginDetails: boolean;
  autoEnrolOnCourses: boolean;
  downloadDiagnosticResults: boolean;
  logScheduledSyncApiCalls: boolean;
  includeAutoLoginLink: boolean;
  learnerTags: SubjectTagIds;
  applicantTags: SubjectTagIds;
  updatedAt: Date | null;
  updatedBy: string | null;
}

/** Settings with the secrets decrypted, for use inside the plugin only. */
export interface BksbRuntimeSettings extends Omit<BksbSettingsView, 'apiSecretKeySet' | 'defaultPasswordSet' | 'updatedAt' | 'updatedBy'> {
  organisationId: string;
  apiSecretKey: string | null;
  defaultPassword: string | null;
  /** The Summary's problem as last known to this holder; calls with the stored keys keep it up to date. */
  problemKind: ProblemKind | null;
}

export const INTEGRATION_OFF = 'The bksb integration is switched off. An administrator can switch it on in Settings.';

const SECRET_FIELDS = ['apiSecretKey', 'defaultPassword'] as const;
type SecretField = (typeof SECRET_FIELDS)[number];

/** A settings secret's place: its column in the organisation's row (keyed by the organisation id). */
const secretLocation = (field: SecretField, organisationId: string): SecretLocation => ({ ...SECRET_COLUMNS[field], organisationId, row: organisationId });

const KEY_FIELDS = ['region', 'apiAccessKey', 'apiSecretKey'] as const;

function defaults(organisationId: string): BksbSettings {
  return {
    organisationId,
    integrationEnabled: false,
    region: 'UK',
    bksbLoginUrl: null,
    apiAccessKey: null,
    apiSecretKey: null,
    defaultPassword: null,
    autoSendLoginDetails: true,
    autoEnrolOnCourses: false,
    downloadDiagnosticResults: false,
    logScheduledSyncApiCalls: false,
    includeAutoLoginLink: false,
    learnerTags: { english: [], maths: [], ict: [] },
    applicantTags: { english: [], maths: [], ict: [] },
    updatedAt: null,
    updatedBy: null,
    problemKind: null,
    problemMessage: null,
    problemSince: null,
  };
}

/**
 * An organisation's bksb settings: read, changed all-or-nothing with every rule of
 * docs/api.md, secrets through the cipher only; and the connection problem of the Summary.
 */
@Injectable()
export class BksbSettingsService implements SecretHolder, OnModuleInit {
  readonly secretsName = 'bksb settings';

  constructor(
    @InjectRepository(BksbSettings) private readonly settings: Repository<BksbSettings>,
    private readonly transactions: TransactionRunner,
    private readonly cipher: SecretCipher,
    private readonly clock: Clock,
    private readonly rotation: SecretRotation,
    @Inject(TAGGING) private readonly tagging: Tagging,
    @Inject(SYSTEM_LOG) private readonly systemLog: SystemLogWriter,
  ) {}

  onModuleInit(): void {
    this.rotation.register(this);
  }

  async row(organisationId: string, manager?: EntityManager): Promise<BksbSettings> {
    const repository = manager ? manager.getRepository(BksbSettings) : this.settings;
    return (await repository.findOneBy({ organisationId })) ?? defaults(organisationId);
  }

  async view(organisationId: string): Promise<BksbSettingsView> {
    return this.toView(await this.row(organisationId));
  }

  /** Decrypted settings of an organisation whose integration is on; 409 otherwise. */
  async requireEnabled(organisationId: string): Promise<BksbRuntimeSettings> {
    const settings = await this.runtime(organisationId);
    if (!settings.integrationEnabled) throw new ConflictException(INTEGRATION_OFF);
    return settings;
  }

  async runtime(organisationId: string): Promise<BksbRuntimeSettings> {
    const row = await this.row(organisationId);
    const { apiSecretKeySet: _s, defaultPasswordSet: _d, updatedAt: _u, updatedBy: _b, ...view } = this.toView(row);
    return {
      ...view,
      organisationId,
      apiSecretKey: row.apiSecretKey ? this.cipher.decrypt(row.apiSecretKey, secretLocation('apiSecretKey', organisationId)) : null,
      defaultPassword: row.defaultPassword ? this.cipher.decrypt(row.defaultPassword, secretLocation('defaultPassword', organisationId)) : null,
      problemKind: row.problemKind,
    };
  }

  connectionOf(settings: Pick<BksbRuntimeSettings, 'organisationId' | 'region' | 'apiAccessKey' | 'apiSecretKey'>): BksbConnection {
    return {
      organisationId: settings.organisationId,
      region: settings.region,
      accessKey: settings.apiAccessKey ?? '',
      secretKey: settings.apiSecretKey ?? '',
    };
  }

  /**
   * Applies a partial change. Checks run on the merged result; on any problem nothing
   * is saved. Logs who changed which fields (never a secret's value).
   */
  async update(organisationId: string, change: UpdateBksbSettingsDto, actor: string): Promise<BksbSettingsView & { warnings: string[] }> {
    return this.transactions.run(async (manager) => {
      const before = await this.lockedRow(organisationId, manager);
      const after: BksbSettings = { ...before, learnerTags: { ...before.learnerTags }, applicantTags: { ...before.applicantTags } };
      const changed: string[] = [];
      for (const [field, value] of Object.entries(change) as Array<[keyof UpdateBksbSettingsDto, unknown]>) {
        if (value === undefined) continue;
        if (field === 'learnerTags' || field === 'applicantTags') {
          for (const subject of SUBJECT_KEYS) {
            const ids = (value as Partial<SubjectTagIds>)[subject];
            if (ids === undefined) continue;
            const unique = [...new Set(ids)];
            if (unique.join() !== after[field][subject].join()) changed.push(`${field}.${subject}`);
            after[field][subject] = unique;
          }
        } else if ((SECRET_FIELDS as readonly string[]).includes(field)) {
          const secret = field as SecretField;
          after[secret] = value === null ? null : this.cipher.encrypt(value as string, secretLocation(secret, organisationId));
          changed.push(`${secret} (${value === null ? 'cleared' : 'replaced'})`);
        } else if ((after as unknown as Record<string, unknown>)[field] !== value) {
          (after as unknown as Record<string, unknown>)[field] = value;
          changed.push(field);
        }
      }
      await this.check(organisationId, after);
      if (changed.length === 0) return { ...this.toView(before), warnings: [] };
      after.updatedAt = this.clock.now();
      after.updatedBy = actor;
      await manager.save(BksbSettings, after);
      await this.systemLog.write(
        { organisationId, source: 'bksb', actor, message: `${actor} changed the bksb settings: ${changed.join(', ')}.` },
        transactionOf(manager),
      );
      return { ...this.toView(after), warnings: await this.warnings(organisationId, changed, manager) };
    });
  }

  /**
   * The organisation's row, made first if missing and locked until the transaction ends,
   * so two saves at once take turns: the second sees the first's change instead of
   * overwriting it, and neither inserts a row the other has just made. (SQLite runs one
   * transaction at a time already.)
   */
  private async lockedRow(organisationId: string, manager: EntityManager): Promise<BksbSettings> {
    await manager.createQueryBuilder().insert().into(BksbSettings).values(defaults(organisationId)).orIgnore().execute();
    const lock = manager.connection.options.type === 'postgres' ? { mode: 'pessimistic_write' as const } : undefined;
    return manager.findOneOrFail(BksbSettings, { where: { organisationId }, lock });
  }

  /** Records the outcome of a call with the stored keys, for the Summary's problem. */
  async recordProblem(organisationId: string, problem: { kind: ProblemKind; message: string } | null): Promise<void> {
    await this.transactions.run(async (manager) => {
      if (problem === null) {
        await manager.update(BksbSettings, { organisationId, problemKind: Not(IsNull()) }, { problemKind: null, problemMessage: null, problemSince: null });
        return;
      }
      const row = await manager.findOneBy(BksbSettings, { organisationId });
      if (!row) return;
      const since = row.problemKind === problem.kind && row.problemSince ? row.problemSince : this.clock.now();
      await manager.update(BksbSettings, { organisationId }, { problemKind: problem.kind, problemMessage: problem.message.slice(0, 500), problemSince: since });
    });
  }

  async rotateSecrets(manager: EntityManager, rewrite: SecretRewrite): Promise<number> {
    let count = 0;
    for (const row of await manager.find(BksbSettings)) {
      const changes: Partial<BksbSettings> = {};
      for (const field of SECRET_FIELDS) {
        const envelope = row[field];
        const rewritten = envelope ? rewrite(envelope, secretLocation(field, row.organisationId)) : null;
        if (rewritten) {
          changes[field] = rewritten;
          count += 1;
        }
      }
      if (Object.keys(changes).length > 0) await manager.update(BksbSettings, { organisationId: row.organisationId }, changes);
    }
    return count;
  }

  private async check(organisationId: string, merged: BksbSettings): Promise<void> {
    const errors: FieldError[] = [];
    for (const list of ['learnerTags', 'applicantTags'] as const) {
      for (const subject of SUBJECT_KEYS) {
        const ids = merged[list][subject];
        if (ids.length === 0) continue;
        const own = new Set((await this.tagging.findTags(organisationId, ids)).map((tag) => tag.id));
        const foreign = ids.filter((id) => !own.has(id));
        if (foreign.length > 0) {
          errors.push({
            field: `${list}.${subject}`,
            message: `${list}.${subject} has ids that are not tags of your organisation: ${foreign.join(', ')}. Use ids from GET /api/tags.`,
          });
        }
      }
    }
    if (merged.integrationEnabled) {
      const needed: Array<[keyof BksbSettings, string]> = [
        ['apiAccessKey', 'the API Access Key'],
        ['apiSecretKey', 'the API Secret Key'],
        ['defaultPassword', 'a default password for new bksb accounts'],
      ];
      for (const [field, what] of needed) {
        if (!merged[field]) errors.push({ field, message: `${field} is needed to switch the integration on: enter ${what}.` });
      }
    }
    if (errors.length > 0) {
      throw new BadRequestException({
        message: `The settings were not saved: ${[...new Set(errors.map((e) => e.field))].join(', ')}. See errors for what to change.`,
        errors,
      });
    }
  }

  private async warnings(organisationId: string, changed: string[], manager: EntityManager): Promise<string[]> {
    const keysChanged = KEY_FIELDS.filter((field) => changed.some((c) => c.startsWith(field)));
    if (keysChanged.length === 0) return [];
    const linked = await manager.countBy(BksbAccountLink, { organisationId });
    if (linked === 0) return [];
    return [
      `${linked} ${linked === 1 ? 'person has' : 'people have'} a linked bksb account made under the previous ${keysChanged.join(' and ')}. ` +
        'If the new keys belong to another bksb site, those links will stop working and show as missing in bksb; unlink and relink them.',
    ];
  }

  private toView(row: BksbSettings): BksbSettingsView {
    return {
      integrationEnabled: row.integrationEnabled,
      region: row.region,
      bksbLoginUrl: row.bksbLoginUrl,
      apiAccessKey: row.apiAccessKey,
      apiSecretKeySet: row.apiSecretKey !== null,
      defaultPasswordSet: row.defaultPassword !== null,
      autoSendLoginDetails: row.autoSendLoginDetails,
      autoEnrolOnCourses: row.autoEnrolOnCourses,
      downloadDiagnosticResults: row.downloadDiagnosticResults,
      logScheduledSyncApiCalls: row.logScheduledSyncApiCalls,
      includeAutoLoginLink: row.includeAutoLoginLink,
      learnerTags: row.learnerTags,
      applicantTags: row.applicantTags,
      updatedAt: row.updatedAt,
      updatedBy: row.updatedBy,
    };
  }
}
