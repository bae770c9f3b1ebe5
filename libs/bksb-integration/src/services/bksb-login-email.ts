import { escapeHtml, OutgoingMail, secretPlaceholder } from '@picsweb/common';

export interface LoginEmailInput {
  organisationId: string;
  to: string;
  firstName: string;
  username: string;
  loginUrl: string | null;
  defaultPassword: string;
}

/**
 * The login details email: user name, the default password (a secret, filled in only
 * at delivery) with the note that it lasts until the first login, and the
 * organisation's bksb login address; a plain-text and an HTML part.
 */
export function loginDetailsEmail(input: LoginEmailInput): OutgoingMail {
  const password = secretPlaceholder('password');
  const where = input.loginUrl ?? 'your training provider’s bksb site (ask them for the address)';
  const text = [
    `Hello ${input.firstName},`,
    '',
    'A bksb account has been made for you, for your English, Maths and digital skills assessments.',
    '',
    `Log in at: ${where}`,
    `User name: ${input.username}`,
    `Password:  ${password}`,
    '',
    'This password is only valid until you change it: bksb asks you to choose your own when you first log in.',
  ].join('\n');
  const link = input.loginUrl ? `<a href="${escapeHtml(input.loginUrl)}">${escapeHtml(input.loginUrl)}</a>` : escapeHtml(where);
  const html = [
    `<p>Hello ${escapeHtml(input.firstName)},</p>`,
    '<p>A bksb account has been made for you, for your English, Maths and digital skills assessments.</p>',
    '<table>',
    `<tr><td>Log in at</td><td>${link}</td></tr>`,
    `<tr><td>User name</td><td><b>${escapeHtml(input.username)}</b></td></tr>`,
    `<tr><td>Password</td><td><b>${password}</b></td></tr>`,
    '</table>',
    '<p>This password is only valid until you change it: bksb asks you to choose your own when you first log in.</p>',
  ].join('\n');
  return {
    organisationId: input.organisationId,
    to: input.to,
    subject: 'Your bksb login details',
    text,
    html,
    secrets: { password: input.defaultPassword },
  };
}
