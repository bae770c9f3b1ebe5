import { escapeHtml, OutgoingMail, secretPlaceholder } from '@picsweb/common';

/** The mail outbox asks this provider for the auto-login link when it sends a login email. */
export const AUTO_LOGIN_PROVIDER = 'bksb-auto-login';
/** The placeholders it fills: the link, and when the link stops working. */
export const AUTO_LOGIN_VALUES = { link: 'autoLoginLink', expiry: 'autoLoginExpiry' } as const;

export interface LoginEmailInput {
  organisationId: string;
  to: string;
  firstName: string;
  username: string;
  loginUrl: string | null;
  defaultPassword: string;
  /** With the organisation's Include auto-login link on: the bksb user whose link the email carries. */
  autoLoginUserId: number | null;
}

/** The mail outbox tells this listener what became of each login email. */
export const LOGIN_DETAILS_LISTENER = 'bksb-login-details';

/**
 * The login details email: user name, the default password (a secret, filled in only
 * at delivery) with the note that it lasts until the first login, and the
 * organisation's bksb login address; a plain-text and an HTML part. With an
 * auto-login user, also bksb's sign-in link and its expiry, both fetched at delivery;
 * when bksb cannot give the link in time, the email goes without it and says to sign in
 * with the user name and password.
 */
export function loginDetailsEmail(input: LoginEmailInput): OutgoingMail {
  const password = secretPlaceholder('password');
  const autoLoginLink = secretPlaceholder(AUTO_LOGIN_VALUES.link);
  const autoLoginExpiry = secretPlaceholder(AUTO_LOGIN_VALUES.expiry);
  const where = input.loginUrl ?? 'your training provider’s bksb site (ask them for the address)';
  const signInWithPassword = `Sign in at ${where} with the user name and password above.`;
  const text = (after: string[]) =>
    [
      `Hello ${input.firstName},`,
      '',
      'A bksb account has been made for you, for your English, Maths and digital skills assessments.',
      '',
      `Log in at: ${where}`,
      `User name: ${input.username}`,
      `Password:  ${password}`,
      '',
      'This password is only valid until you change it: bksb asks you to choose your own when you first log in.',
      ...after,
    ].join('\n');
  const link = input.loginUrl ? `<a href="${escapeHtml(input.loginUrl)}">${escapeHtml(input.loginUrl)}</a>` : escapeHtml(where);
  const html = (after: string[]) =>
    [
      `<p>Hello ${escapeHtml(input.firstName)},</p>`,
      '<p>A bksb account has been made for you, for your English, Maths and digital skills assessments.</p>',
      '<table>',
      `<tr><td>Log in at</td><td>${link}</td></tr>`,
      `<tr><td>User name</td><td><b>${escapeHtml(input.username)}</b></td></tr>`,
      `<tr><td>Password</td><td><b>${password}</b></td></tr>`,
      '</table>',
      '<p>This password is only valid until you change it: bksb asks you to choose your own when you first log in.</p>',
      ...after,
    ].join('\n');
  const mail: OutgoingMail = {
    organisationId: input.organisationId,
    to: input.to,
    subject: 'Your bksb login details',
    text: text([]),
    html: html([]),
    secrets: { password: input.defaultPassword },
    outcomeListener: LOGIN_DETAILS_LISTENER,
  };
  if (input.autoLoginUserId === null) return mail;
  return {
    ...mail,
    text: text(['', 'Or sign in straight away with this link, without typing the password:', autoLoginLink, autoLoginExpiry]),
    html: html([`<p>Or <a href="${autoLoginLink}">sign in straight away</a>, without typing the password. ${autoLoginExpiry}</p>`]),
    valuesAtDelivery: {
      provider: AUTO_LOGIN_PROVIDER,
      reference: String(input.autoLoginUserId),
      without: {
        text: text(['', `We could not include a sign-in link this time. ${signInWithPassword}`]),
        html: html([`<p>We could not include a sign-in link this time. Sign in at ${link} with the user name and password above.</p>`]),
      },
    },
  };
}
