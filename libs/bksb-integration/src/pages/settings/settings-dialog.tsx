import { CheckboxField, ErrorSummary, FieldError, fieldId, PostForm, SelectField, TagRef, TextField, UkTime } from '@picsweb/common';
import type { VNode } from 'preact';
import { ConnectionTestResult } from '../../services/bksb-connection.service';
import { HELP_PATH, SUMMARY_PATH } from '../bksb-paths';
import { SETTINGS_LABELS } from '../../labels/bksb-labels';
import { SettingsFormValues, TAG_FIELDS } from './settings-form';

export interface SettingsDialogProps {
  values: SettingsFormValues;
  allTags: TagRef[];
  errors: FieldError[];
  connection?: ConnectionTestResult;
  /** Secrets typed in the form just sent, which a page never shows again. */
  typedSecrets: string[];
  updatedAt: Date | null;
  updatedBy: string | null;
}

function TagChooser({ name, values, allTags, errors }: { name: string; values: string[]; allTags: TagRef[]; errors: FieldError[] }): VNode {
  const label = SETTINGS_LABELS[name];
  const byId = new Map(allTags.map((tag) => [tag.id, tag]));
  const chosen = values.map((id) => byId.get(id) ?? { id, name: 'Unknown tag' });
  const error = errors.find((e) => e.field === name)?.message;
  const id = fieldId(name);
  return (
    <fieldset class={error ? 'tag-chooser field-with-error' : 'tag-chooser'} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{label}</legend>
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
          <select id={id} name={`add:${name}`}>
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

function SecretField({ name, isSet, hint, errors, typed }: { name: string; isSet: boolean; hint: string; errors: FieldError[]; typed: boolean }): VNode {
  const status = typed
    ? 'What you typed here was not saved and is not shown again: type it again.'
    : isSet
      ? 'A value is saved; type a new one only to replace it.'
      : 'Not set yet.';
  return <TextField name={name} label={SETTINGS_LABELS[name]} type="password" autocomplete="new-password" hint={`${status} ${hint}`} errors={errors} />;
}

function ConnectionResult({ result }: { result: ConnectionTestResult }): VNode {
  return (
    <div class={result.ok ? 'notice' : 'banner-problem'} role="status" id="connection-result">
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
          <h2 id="settings-title">Settings</h2>
          <a href={`${HELP_PATH}#fill-in-settings`}>Help</a>
        </div>
        {updatedAt && (
          <p class="hint">
            Last saved <UkTime at={updatedAt} />
            {updatedBy ? ` by ${updatedBy}` : ''}.
          </p>
        )}
        <ErrorSummary errors={errors} />
        {connection && <ConnectionResult result={connection} />}
        <PostForm action={`${SUMMARY_PATH}/settings`}>
          {/* Enter in a text box saves, rather than pressing the first tag's Remove button. */}
          <button type="submit" name="action" value="save" class="visually-hidden" tabIndex={-1} aria-hidden="true">
            Save
          </button>
          <CheckboxField name="integrationEnabled" label={SETTINGS_LABELS.integrationEnabled} checked={values.integrationEnabled} hint="Needs the API keys and a default password." {...field} />
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
          <SecretField name="apiSecretKey" isSet={values.apiSecretKeySet} hint="From bksb's API Access Keys." errors={errors} typed={typedSecrets.includes('apiSecretKey')} />
          <SecretField name="defaultPassword" isSet={values.defaultPasswordSet} hint="The first password of new bksb accounts: at least 8 characters." errors={errors} typed={typedSecrets.includes('defaultPassword')} />
          <CheckboxField name="autoSendLoginDetails" label={SETTINGS_LABELS.autoSendLoginDetails} checked={values.autoSendLoginDetails} hint="Email the login details when an account is created." {...field} />
          <CheckboxField
            name="includeAutoLoginLink"
            label={SETTINGS_LABELS.includeAutoLoginLink}
            checked={values.includeAutoLoginLink}
            hint="Login emails also carry bksb's sign-in link, which signs the person in without their password. It is fetched when the email is sent, works for a limited time, and is never stored."
            {...field}
          />
          <CheckboxField name="autoEnrolOnCourses" label={SETTINGS_LABELS.autoEnrolOnCourses} checked={values.autoEnrolOnCourses} {...field} />
          <CheckboxField name="downloadDiagnosticResults" label={SETTINGS_LABELS.downloadDiagnosticResults} checked={values.downloadDiagnosticResults} {...field} />
          <CheckboxField name="logScheduledSyncApiCalls" label={SETTINGS_LABELS.logScheduledSyncApiCalls} checked={values.logScheduledSyncApiCalls} {...field} />
          <p class="hint">Tags applied the first time a person's initial assessment result arrives in that subject.</p>
          <div class="tag-fields">
            {TAG_FIELDS.map((tagField) => (
              <TagChooser key={tagField.name} name={tagField.name} values={values.tags[tagField.name] ?? []} allTags={allTags} errors={errors} />
            ))}
          </div>
          <div class="actions dialog-actions">
            <button type="submit" name="action" value="save">
              Save
            </button>
            <button type="submit" name="action" value="test" class="secondary">
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
