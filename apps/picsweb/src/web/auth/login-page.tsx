import { ErrorSummary, PostForm, TextField } from '@picsweb/common';
import type { VNode } from 'preact';

export interface LoginPageProps {
  email: string;
  next: string;
  /** The one message for any failed sign-in (or the wait when throttled). */
  problem: string | null;
}

export function LoginPage(props: LoginPageProps): VNode {
  const errors = props.problem ? [{ field: 'email', message: props.problem }] : [];
  return (
    <section class="narrow">
      <h1>Sign in to PICSWeb</h1>
      <ErrorSummary errors={errors} />
      <PostForm action="/login">
        <input type="hidden" name="next" value={props.next} />
        <TextField name="email" label="Email" type="email" autocomplete="username" value={props.email} errors={errors} required />
        <TextField name="password" label="Password" type="password" autocomplete="current-password" required />
        <button type="submit">Sign in</button>
      </PostForm>
    </section>
  );
}
