import { blankToNull } from '@picsweb/common';
import { BksbSettingsView } from '../../services/bksb-settings.service';
import { SUBJECT_KEYS } from '../../domain/bksb-domain';

export const TAG_FIELDS = (['learnerTags', 'applicantTags'] as const).flatMap((group) => SUBJECT_KEYS.map((subject) => ({ group, subject, name: `${group}.${subject}` })));

const BOOLEAN_FIELDS = ['integrationEnabled', 'autoSendLoginDetails', 'autoEnrolOnCourses', 'downloadDiagnosticResults', 'logScheduledSyncApiCalls', 'includeAutoLoginLink'] as const;

/** What the Settings window shows: stored or typed values; secrets only as "set or not". */
export type SettingsFormValues = Omit<BksbSettingsView, 'bksbLoginUrl' | 'apiAccessKey' | 'learnerTags' | 'applicantTags' | 'updatedAt' | 'updatedBy'> & {
  bksbLoginUrl: string;
  apiAccessKey: string;
  /** Tag ids by field name, e.g. `learnerTags.english`. */
  tags: Record<string, string[]>;
};

type Form = Record<string, unknown>;

const list = (value: unknown): string[] => (Array.isArray(value) ? value : [value]).filter((item): item is string => typeof item === 'string' && item !== '');
/** A checkbox posts "false" (hidden) and, when ticked, "true" after it. */
const ticked = (value: unknown) => list(value).includes('true');
const text = (value: unknown) => (typeof value === 'string' ? value : '');

export function valuesOfView(view: BksbSettingsView): SettingsFormValues {
  return {
    ...view,
    bksbLoginUrl: view.bksbLoginUrl ?? '',
    apiAccessKey: view.apiAccessKey ?? '',
    tags: Object.fromEntries(TAG_FIELDS.map((field) => [field.name, view[field.group][field.subject]])),
  };
}

/** The typed values of a posted form, to show again (secrets are never shown again). */
export function valuesOfForm(form: Form, stored: BksbSettingsView): SettingsFormValues {
  return {
    ...Object.fromEntries(BOOLEAN_FIELDS.map((field) => [field, ticked(form[field])])),
    region: text(form.region) as SettingsFormValues['region'],
    bksbLoginUrl: text(form.bksbLoginUrl),
    apiAccessKey: text(form.apiAccessKey),
    apiSecretKeySet: stored.apiSecretKeySet,
    defaultPasswordSet: stored.defaultPasswordSet,
    tags: Object.fromEntries(TAG_FIELDS.map((field) => [field.name, [...new Set(list(form[field.name]))]])),
  } as SettingsFormValues;
}

/**
 * The form as a settings change for the API's service: every field, except a secret
 * left blank, which keeps its stored value.
 */
export function changeOfForm(form: Form): Record<string, unknown> {
  const values = valuesOfForm(form, { apiSecretKeySet: false, defaultPasswordSet: false } as BksbSettingsView);
  const change: Record<string, unknown> = {
    integrationEnabled: values.integrationEnabled,
    region: values.region,
    bksbLoginUrl: blankToNull(values.bksbLoginUrl),
    apiAccessKey: blankToNull(values.apiAccessKey),
    autoSendLoginDetails: values.autoSendLoginDetails,
    autoEnrolOnCourses: values.autoEnrolOnCourses,
    downloadDiagnosticResults: values.downloadDiagnosticResults,
    logScheduledSyncApiCalls: values.logScheduledSyncApiCalls,
    includeAutoLoginLink: values.includeAutoLoginLink,
    learnerTags: Object.fromEntries(SUBJECT_KEYS.map((subject) => [subject, values.tags[`learnerTags.${subject}`]])),
    applicantTags: Object.fromEntries(SUBJECT_KEYS.map((subject) => [subject, values.tags[`applicantTags.${subject}`]])),
  };
  for (const secret of ['apiSecretKey', 'defaultPassword']) {
    if (text(form[secret]) !== '') change[secret] = text(form[secret]);
  }
  return change;
}

/**
 * The keys to test: what was typed where it differs from the stored settings; the rest
 * is filled from them (so testing the stored keys also updates the Summary's problem).
 */
export function connectionOfForm(form: Form, stored: BksbSettingsView): Record<string, string> {
  const typed = { region: text(form.region), apiAccessKey: text(form.apiAccessKey).trim(), apiSecretKey: text(form.apiSecretKey) };
  const storedValues: Record<string, string | null> = { region: stored.region, apiAccessKey: stored.apiAccessKey, apiSecretKey: null };
  return Object.fromEntries(Object.entries(typed).filter(([field, value]) => value !== '' && value !== storedValues[field]));
}
