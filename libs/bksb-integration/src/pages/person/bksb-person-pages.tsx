import { ErrorSummary, FieldError, PostForm, TextField } from '@picsweb/common';
import type { ComponentChildren, VNode } from 'preact';
import { ACCOUNT_LABELS } from '../../labels/bksb-labels';
import { CreatePlan } from './account-status';

interface ActionPageProps {
  name: string;
  /** Where the form posts. */
  action: string;
  /** Where the person goes back to: their page, or the unmatched report. */
  back: string;
}

/** A form that returns to `back` when done, with Cancel going there at once. */
function BackForm({ action, back, submit, children }: { action: string; back: string; submit: string; children?: ComponentChildren }): VNode {
  return (
    <PostForm action={action}>
      <input type="hidden" name="back" value={back} />
      {children}
      <div class="actions">
        <button type="submit">{submit}</button>
        <a href={back}>Cancel</a>
      </div>
    </PostForm>
  );
}

export interface CreateAccountPageProps extends ActionPageProps {
  email: string | null;
  /** What will be made, or why it cannot be (shown instead of the button). */
  plan: CreatePlan;
  sendsLoginDetails: boolean;
}

export function CreateAccountPage({ name, email, plan, sendsLoginDetails, action, back }: CreateAccountPageProps): VNode {
  return (
    <section class="narrow bksb-form">
      <h1>{`Create a bksb account for ${name}`}</h1>
      {'reason' in plan ? (
        <>
          <div class="banner-problem" role="alert">
            <p>{plan.reason}</p>
          </div>
          <p>
            <a href={back}>Back</a>
          </p>
        </>
      ) : (
        <>
          <dl class="summary-list">
            <div>
              <dt>Name</dt>
              <dd>{name}</dd>
            </div>
            <div>
              <dt>Email</dt>
              <dd>{email}</dd>
            </div>
            <div>
              <dt>bksb user name</dt>
              <dd>{plan.username}</dd>
            </div>
          </dl>
          <p>
            {`PICSWeb makes this user in bksb with the default password from Settings. ${
              sendsLoginDetails
                ? `The login details are then emailed to ${email}.`
                : 'The login details are not emailed (Auto Send Login Details is off): use Send login details afterwards.'
            }`}
          </p>
          <BackForm action={action} back={back} submit="Create in bksb" />
        </>
      )}
    </section>
  );
}

/** The field of Link existing account, on the person panel and on its own page. */
export function UsernameField({ value, errors }: { value: string | null; errors?: FieldError[] }): VNode {
  return <TextField name="username" label={ACCOUNT_LABELS.username} hint="The user name of a user who already exists in bksb." value={value} errors={errors} />;
}

export interface LinkAccountPageProps extends ActionPageProps {
  username: string;
  errors: FieldError[];
}

/** Link existing account again, with the problem beside the field and the user name as typed. */
export function LinkAccountPage({ name, username, errors, action, back }: LinkAccountPageProps): VNode {
  return (
    <section class="narrow bksb-form">
      <h1>{`Link an existing bksb account to ${name}`}</h1>
      <ErrorSummary errors={errors} />
      <BackForm action={action} back={back} submit="Link existing account">
        <UsernameField value={username} errors={errors} />
      </BackForm>
    </section>
  );
}

export function UnlinkAccountPage({ name, username, action, back }: ActionPageProps & { username: string }): VNode {
  return (
    <section class="narrow bksb-form">
      <h1>{`Unlink the bksb account of ${name}?`}</h1>
      <p>{`${name} will no longer be linked to the bksb user ${username}, and PICSWeb stops getting their results. The results already imported and their tags are kept; the user stays in bksb.`}</p>
      <BackForm action={action} back={back} submit="Unlink" />
    </section>
  );
}
