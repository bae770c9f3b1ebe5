import { Choice, ErrorSummary, FieldError, PersonType, PostForm, SelectField, TextField } from '@picsweb/common';
import type { VNode } from 'preact';
import { APPLICATION_STATUSES, LEARNING_STATUSES, SYSTEM_STATUSES } from '../../people/person.entity';
import { PERSON_KINDS, STATUS_LABELS } from './person-labels';

/** What the form shows: the stored or typed values, as text. */
export type PersonFormValues = Partial<Record<string, string | null>>;

export interface PersonFormProps {
  type: PersonType;
  /** Absent when adding. */
  personId?: string;
  values: PersonFormValues;
  errors: FieldError[];
}

const choices = (values: readonly string[]): Choice[] => values.map((value) => ({ value, label: STATUS_LABELS[value] ?? value }));

export function PersonFormPage({ type, personId, values, errors }: PersonFormProps): VNode {
  const kind = PERSON_KINDS[type];
  const title = personId ? `Edit ${values.firstName ?? ''} ${values.lastName ?? ''}` : `Add ${kind.one}`;
  const action = personId ? `${kind.path}/${personId}/edit` : `${kind.path}/new`;
  const common = { errors };
  return (
    <section class="narrow">
      <h1>{title}</h1>
      <ErrorSummary errors={errors} />
      <PostForm action={action}>
        <TextField name="firstName" label="First name" value={values.firstName} autocomplete="off" {...common} />
        <TextField name="lastName" label="Last name" value={values.lastName} autocomplete="off" {...common} />
        <TextField name="email" label="Email" type="email" value={values.email} hint="Optional. Needed for a bksb account." {...common} />
        <TextField name="dateOfBirth" label="Date of birth" type="date" value={values.dateOfBirth} hint="Optional." {...common} />
        <SelectField name="systemStatus" label="System status" value={values.systemStatus ?? 'Live'} choices={choices(SYSTEM_STATUSES)} {...common} />
        {type === 'learner' ? (
          <>
            <SelectField name="learningStatus" label="Learning status" value={values.learningStatus ?? 'InLearning'} choices={choices(LEARNING_STATUSES)} {...common} />
            <TextField name="startDate" label="Start date" type="date" value={values.startDate} hint="Optional." {...common} />
            <TextField name="endDate" label="End date" type="date" value={values.endDate} hint="Optional." {...common} />
          </>
        ) : (
          <>
            <SelectField name="applicationStatus" label="Application status" value={values.applicationStatus ?? 'Open'} choices={choices(APPLICATION_STATUSES)} {...common} />
            <TextField name="closedOn" label="Closed on" type="date" value={values.closedOn} hint="Optional. When the application was withdrawn or converted." {...common} />
          </>
        )}
        <div class="actions">
          <button type="submit">{personId ? 'Save' : `Add ${kind.one}`}</button>
          <a href={personId ? `${kind.path}/${personId}` : kind.path}>Cancel</a>
        </div>
      </PostForm>
    </section>
  );
}
