import { CheckboxField, ErrorSummary, FieldError, fieldId, PostForm, SelectField, TagRef, TextField, UkTime, WarningText } from '@picsweb/common';
import type { VNode } from 'preact';
import { ConnectionTestResult } from '../../services/bksb-connection.service';
import { HELP_PATH, SUMMARY_PATH } from '../bksb-paths';
import { DATABRIDGE_WARNING, SETTINGS_LABELS, SUBJECT_LABELS } from '../../labels/bksb-labels';
import { SettingsFormValues, TAG_FIELDS } from './settings-form';

export interface SettingsDialogProps {
  values: SettingsFormValues;
  allTags: TagRef[];
  errors: FieldError[];
  connection?: ConnectionTestResult;
  /** Secrets typed in the form just sent and not saved (a refusal, a test): shown again in their fields, on a page never stored. */
  typedSecrets: Record<string, string>;
  updatedAt: Date | null;
  updatedBy: string | null;
}

/** One subject's tags in a group; its legend reads e.g. "Learner tags for English", of which "English" shows. */
function TagChooser({ name, subject, values, allTags, errors }: { name: string; subject: string; values: string[]; allTags: TagRef[]; errors: FieldError[] }): VNode {
  const label = SETTINGS_LABELS[name];
  const group = label.slice(0, label.length - subject.length);
  const byId = new Map(allTags.map((tag) => [tag.id, tag]));
  const chosen = values.map((id) => byId.get(id) ?? { id, name: 'Unknown tag' });
  const error = errors.find((e) => e.field === name)?.message;
  const id = fieldId(name);
  return (
    <fieldset class={error ? 'tag-chooser field-with-error' : 'tag-chooser'} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>
        <span class="visually-hidden">{group}</span>
        {subject}
      </legend>
      {error && (
        <p class="field-error" id={`${id}-error`}>
          <span class="visually-hidden">Error: </span>
          {error}
        </p>
      )}
      <input type="hidden" name={name} value="" />
      <ul class="chips" data-chips={name}>
        <li class="empty chip-none" hidden={chosen.length > 0}>
          No tags
        </li>
        {chosen.map((tag) => (
          <li class="chip" key={tag.id}>
            <input type="hidden" name={name} value={tag.id} />
            <span>{tag.name}</span>
            <button type="submit" name="action" value={`remove:${name}:${tag.id}`} class="secondary" aria-label={`Remove ${tag.name}`} data-remove-chip>
              ✕
            </button>
          </li>
        ))}
      </ul>
      {allTags.length > 0 && (
        <div class="search-row">
          <label for={id} class="visually-hidden">{`Tag to add to ${label}`}</label>
          {/* Chosen tags stay in the list, disabled, so the page script can offer them again after a Remove. */}
          <select id={id} name={`add:${name}`} aria-describedby={error ? `${id}-error` : undefined}>
            <option value="">Choose a tag</option>
            {allTags.map((tag) => (
              <option value={tag.id} key={tag.id} disabled={values.includes(tag.id)}>
                {tag.name}
              </option>
            ))}
          </select>
          <button type="submit" name="action" value={`add:${name}`} class="secondary" aria-label={`Add to ${label}`}>
            Add
          </button>
        </div>
      )}
    </fieldset>
  );
}

/** A write-only secret: what is saved is never shown; what was typed stays in the field until it is saved. */
function SecretField({ name, isSet, hint, errors, typed }: { name: string; isSet: boolean; hint: string; errors: FieldError[]; typed: string | undefined }): VNode {
  const status = typed ? 'What you typed is kept here, not saved yet.' : isSet ? 'A value is saved; type a new one only to replace it.' : 'Not set yet.';
  return <TextField name={name} label={SETTINGS_LABELS[name]} type="password" autocomplete="new-password" value={typed} hint={`${status} ${hint}`} errors={errors} />;
}

/** Learner tags or Applicant tags: English, Maths and ICT, each a chooser. */
function TagGroup({ group, values, allTags, errors }: { group: 'learnerTags' | 'applicantTags'; values: SettingsFormValues['tags']; allTags: TagRef[]; errors: FieldError[] }): VNode {
  return (
    <fieldset class="tag-group">
      <legend>{group === 'learnerTags' ? 'Learner tags' : 'Applicant tags'}</legend>
      {TAG_FIELDS.filter((tagField) => tagField.group === group).map((tagField) => (
        <TagChooser key={tagField.name} name={tagField.name} subject={SUBJECT_LABELS[tagField.subject]} values={values[tagField.name] ?? []} allTags={allTags} errors={errors} />
      ))}
    </fieldset>
  );
}

function ConnectionResult({ result }: { result: ConnectionTestResult }): VNode {
  return (
    <div class={result.ok ? 'notice' : 'banner-problem'} id="connection-result">
      <p>
        <strong>{result.ok ? 'Connection works. ' : 'Connection failed. '}</strong>
        {result.message}
      </p>
      <ul>
        {result.checks.map((check) => (
          <li key={check.name}>{`${check.ok ? '✓' : '✗'} ${check.name}: ${check.message}`}</li>
        ))}
      </ul>
    </div>
  );
}

/** The Settings window: a dialog over the Summary (a page of its own without JavaScript). */
export function SettingsDialog({ values, allTags, errors, connection, typedSecrets, updatedAt, updatedBy }: SettingsDialogProps): VNode {
  const field = { errors };
  return (
    <dialog open class="settings-dialog" data-modal aria-labelledby="settings-title">
      <article>
        <div class="panel-heading">
          <h2 id="settings-title" tabIndex={-1}>
          Settings
        </h2>
          <a href={`${HELP_PATH}#fill-in-settings`}>Help</a>
        </div>
        {updatedAt && (
          <p class="hint">
            Last saved <UkTime at={updatedAt} />
            {updatedBy ? ` by ${updatedBy}` : ''}.
          </p>
        )}
        {/* What Save or Test connection found; with JavaScript, Test connection fills this in place and leaves the fields as typed. */}
        <div id="settings-feedback" role="status" tabIndex={-1}>
          <ErrorSummary errors={errors} />
          {connection && <ConnectionResult result={connection} />}
        </div>
        <PostForm action={`${SUMMARY_PATH}/settings`}>
          {/* Enter in a text box saves, rather than pressing the first tag's Remove button. */}
          <button type="submit" name="action" value="save" class="visually-hidden" tabIndex={-1} aria-hidden="true">
            Save
          </button>
          <CheckboxField name="integrationEnabled" label={SETTINGS_LABELS.integrationEnabled} checked={values.integrationEnabled} hint="Needs the API keys and a default password." {...field} />
          <WarningText>{DATABRIDGE_WARNING}</WarningText>
          <SelectField
            name="region"
            label={SETTINGS_LABELS.region}
            value={values.region}
            choices={[
              { value: 'UK', label: 'UK' },
              { value: 'AU', label: 'Australia' },
            ]}
            {...field}
          />
          <TextField name="bksbLoginUrl" label={SETTINGS_LABELS.bksbLoginUrl} type="url" value={values.bksbLoginUrl} hint="Your bksb site, e.g. https://yourcollege.bksblive2.co.uk/ (used in login emails)." {...field} />
          <TextField name="apiAccessKey" label={SETTINGS_LABELS.apiAccessKey} value={values.apiAccessKey} autocomplete="off" {...field} />
          <SecretField name="apiSecretKey" isSet={values.apiSecretKeySet} hint="From bksb's API Access Keys." errors={errors} typed={typedSecrets.apiSecretKey} />
          <SecretField
            name="defaultPassword"
            isSet={values.defaultPasswordSet}
            hint="The first password of each bksb account PICSWeb creates (at least 8 characters); the learner changes it when they first log in."
            errors={errors}
            typed={typedSecrets.defaultPassword}
          />
          <CheckboxField name="autoSendLoginDetails" label={SETTINGS_LABELS.autoSendLoginDetails} checked={values.autoSendLoginDetails} hint="Email the login details when an account is created." {...field} />
          <CheckboxField
            name="includeAutoLoginLink"
            label={SETTINGS_LABELS.includeAutoLoginLink}
            checked={values.includeAutoLoginLink}
            hint="Login emails also carry bksb's sign-in link, which signs the person in without their password. It is fetched when the email is sent, works for a limited time, and is never stored."
            {...field}
          />
          <CheckboxField
            name="autoEnrolOnCourses"
            label={SETTINGS_LABELS.autoEnrolOnCourses}
            checked={values.autoEnrolOnCourses}
            hint="bksb enrols each account PICSWeb creates on your bksb courses, so the learner can start their assessments at once."
            {...field}
          />
          <CheckboxField
            name="downloadDiagnosticResults"
            label={SETTINGS_LABELS.downloadDiagnosticResults}
            checked={values.downloadDiagnosticResults}
            hint="Diagnostic results (and the skills they measure) come with the initial assessment results; without it, initial results only."
            {...field}
          />
          <CheckboxField
            name="logScheduledSyncApiCalls"
            label={SETTINGS_LABELS.logScheduledSyncApiCalls}
            checked={values.logScheduledSyncApiCalls}
            hint="Each call a sync makes to bksb writes a line in System logs (never a key or password): for tracing a problem, not for every day."
            {...field}
          />
          <h3 class="tag-fields-heading">Tags for first results</h3>
          <p class="hint">Applied the first time a person's initial assessment result arrives in that subject.</p>
          <div class="tag-fields">
            <TagGroup group="learnerTags" values={values.tags} allTags={allTags} errors={errors} />
            <TagGroup group="applicantTags" values={values.tags} allTags={allTags} errors={errors} />
          </div>
          <div class="actions dialog-actions">
            <button type="submit" name="action" value="save">
              Save
            </button>
            <button type="submit" name="action" value="test" class="secondary" data-test-connection>
              Test connection
            </button>
            <a href={SUMMARY_PATH} role="button" class="secondary outline" data-cancel>
              Cancel
            </a>
          </div>
        </PostForm>
      </article>
    </dialog>
  );
}
