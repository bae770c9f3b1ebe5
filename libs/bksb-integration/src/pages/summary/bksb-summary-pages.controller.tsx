import { Body, Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  AuthenticatedUser,
  checkForm,
  CurrentUser,
  FieldError,
  fieldErrorsException,
  fieldErrorsOf,
  OrganisationId,
  Pages,
  RequiresLicence,
  Roles,
  TAGGING,
  Tagging,
  WebRequest,
  withLabels,
} from '@picsweb/common';
import type { Response } from 'express';
import { TestConnectionDto, UpdateBksbSettingsDto } from '../../dto/update-bksb-settings.dto';
import { BksbConnectionService, ConnectionTestResult } from '../../services/bksb-connection.service';
import { BksbSettingsService } from '../../services/bksb-settings.service';
import { BksbSummaryService } from '../../views/bksb-summary.service';
import { BksbSyncService } from '../../sync/bksb-sync.service';
import { SUMMARY_PATH, syncRunPath, syncRunsPath } from '../bksb-paths';
import { SETTINGS_LABELS } from '../../labels/bksb-labels';
import { SettingsDialog } from '../settings/settings-dialog';
import { changeOfForm, connectionOfForm, SettingsFormValues, valuesOfForm, valuesOfView } from '../settings/settings-form';
import { SummaryPage } from './summary-page';

type Form = Record<string, unknown>;

const SECRETS = ['apiSecretKey', 'defaultPassword'];

interface DialogState {
  values: SettingsFormValues;
  errors?: FieldError[];
  connection?: ConnectionTestResult;
  /** Secrets typed and not saved, shown again in their fields. */
  typedSecrets?: Record<string, string>;
  status?: number;
}

/** The bksb Summary, its Settings window, and Sync now. */
@ApiExcludeController()
@RequiresLicence('bksb')
@Roles('admin', 'staff')
@Controller('integrations/bksb')
export class BksbSummaryPagesController {
  constructor(
    private readonly summaries: BksbSummaryService,
    private readonly settings: BksbSettingsService,
    private readonly connection: BksbConnectionService,
    private readonly sync: BksbSyncService,
    @Inject(TAGGING) private readonly tagging: Tagging,
    private readonly pages: Pages,
  ) {}

  @Get()
  async summary(@OrganisationId() organisationId: string, @CurrentUser() user: AuthenticatedUser, @Req() request: WebRequest, @Res() response: Response): Promise<void> {
    const summary = await this.summaries.summary(organisationId);
    this.pages.send(request, response, <SummaryPage summary={summary} canEditSettings={user.role === 'admin'} />, { title: 'bksb Summary' });
  }

  @Roles('admin')
  @Get('settings')
  async settingsWindow(@OrganisationId() organisationId: string, @Req() request: WebRequest, @Res() response: Response): Promise<void> {
    const values = valuesOfView(await this.settings.view(organisationId));
    await this.sendSettings(organisationId, request, response, { values });
  }

  /** Every button of the Settings window posts here; `action` says which (Save, Test connection, or a tag's Add or Remove). */
  @Roles('admin')
  @Post('settings')
  async settingsAction(
    @OrganisationId() organisationId: string,
    @CurrentUser() user: AuthenticatedUser,
    @Body() form: Form,
    @Req() request: WebRequest,
    @Res() response: Response,
  ): Promise<void> {
    const action = typeof form.action === 'string' ? form.action : 'save';
    const stored = await this.settings.view(organisationId);
    const values = valuesOfForm(form, stored);
    const typedSecrets = Object.fromEntries(SECRETS.flatMap((secret) => (typeof form[secret] === 'string' && form[secret] !== '' ? [[secret, form[secret]]] : [])));
    const [verb, field, tagId] = action.split(':');
    if ((verb === 'remove' || verb === 'add') && !Object.hasOwn(values.tags, field)) {
      throw fieldErrorsException([{ field: 'action', message: 'action must add to or remove from one of the tag fields.' }]);
    }
    if (verb === 'remove') {
      values.tags[field] = values.tags[field].filter((id) => id !== tagId);
      return this.sendSettings(organisationId, request, response, { values, typedSecrets });
    }
    if (verb === 'add') {
      const added = form[`add:${field}`];
      if (typeof added !== 'string' || added === '') {
        const message = `Choose a tag to add to ${SETTINGS_LABELS[field]}.`;
        return this.sendSettings(organisationId, request, response, { values, typedSecrets, errors: [{ field, message }], status: 400 });
      }
      if (!values.tags[field].includes(added)) values.tags[field].push(added);
      return this.sendSettings(organisationId, request, response, { values, typedSecrets });
    }
    if (verb === 'test') {
      const checked = await checkForm(TestConnectionDto, connectionOfForm(form, stored));
      if (!checked.ok) return this.sendSettings(organisationId, request, response, { values, errors: checked.errors, typedSecrets, status: 400 });
      try {
        const connection = await this.connection.test(organisationId, checked.value);
        return this.sendSettings(organisationId, request, response, { values, connection, typedSecrets });
      } catch (error) {
        const errors = fieldErrorsOf(error);
        if (!errors) throw error;
        return this.sendSettings(organisationId, request, response, { values, errors, typedSecrets, status: 400 });
      }
    }
    const checked = await checkForm(UpdateBksbSettingsDto, changeOfForm(form));
    if (!checked.ok) return this.sendSettings(organisationId, request, response, { values, errors: checked.errors, typedSecrets, status: 400 });
    try {
      const saved = await this.settings.update(organisationId, checked.value, user.email);
      this.pages.redirect(response, SUMMARY_PATH, ['Settings saved.', ...saved.warnings].join(' '));
    } catch (error) {
      const errors = fieldErrorsOf(error);
      if (!errors) throw error;
      await this.sendSettings(organisationId, request, response, { values, errors, typedSecrets, status: 400 });
    }
  }

  @Post('sync')
  async syncNow(@OrganisationId() organisationId: string, @Res() response: Response): Promise<void> {
    await this.settings.requireEnabled(organisationId);
    const request = await this.sync.request(organisationId, 'manual');
    if (request.status === 'queued') {
      const behind = request.queuedBehindRunId;
      const flash = behind
        ? 'Your sync is queued: it starts when this run ends, and checks everyone with a bksb account.'
        : 'Your sync is queued and starts within a minute.';
      return this.pages.redirect(response, behind ? syncRunPath(behind) : syncRunsPath(), { text: flash, info: true });
    }
    // A running run's page says so itself, and stops saying it when the run ends (a flash would stay).
    this.pages.redirect(response, syncRunPath(request.runId!), request.status === 'running' ? undefined : 'Your sync has finished.');
  }

  private async sendSettings(organisationId: string, request: WebRequest, response: Response, state: DialogState): Promise<void> {
    const [summary, view, allTags] = await Promise.all([
      this.summaries.summary(organisationId),
      this.settings.view(organisationId),
      this.tagging.list(organisationId),
    ]);
    const dialog = (
      <SettingsDialog
        values={state.values}
        allTags={allTags}
        errors={withLabels(state.errors ?? [], SETTINGS_LABELS)}
        connection={state.connection}
        typedSecrets={state.typedSecrets ?? {}}
        updatedAt={view.updatedAt}
        updatedBy={view.updatedBy}
      />
    );
    this.pages.send(request, response, <SummaryPage summary={summary} canEditSettings dialog={dialog} />, {
      title: 'bksb Settings',
      status: state.status,
    });
  }
}
