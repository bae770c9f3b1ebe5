import { AUTO_LOGIN_PROVIDER, LOGIN_DETAILS_LISTENER, loginDetailsEmail, LoginEmailInput } from './bksb-login-email';
import { expiryNote } from './bksb-auto-login-link.service';

const input: LoginEmailInput = {
  organisationId: 'org-1',
  to: 'ann@example.org',
  firstName: 'Ann',
  username: 'ann@example.org',
  loginUrl: 'https://college.bksblive2.co.uk/',
  defaultPassword: 'Welcome-2026',
  autoLoginUserId: null,
};

describe('the login details email', () => {
  it('has no auto-login link unless asked, and never the password itself', () => {
    const mail = loginDetailsEmail(input);
    expect(mail.valuesAtDelivery).toBeUndefined();
    expect(mail.text).not.toContain('autoLogin');
    expect(`${mail.text}${mail.html}`).not.toContain('Welcome-2026');
    expect(mail.secrets).toEqual({ password: 'Welcome-2026' });
    expect(mail.outcomeListener).toBe(LOGIN_DETAILS_LISTENER);
  });

  it('with a bksb user, holds places for the link and its expiry, filled at delivery by the auto-login provider', () => {
    const mail = loginDetailsEmail({ ...input, autoLoginUserId: 48213 });
    expect(mail.valuesAtDelivery).toMatchObject({ provider: AUTO_LOGIN_PROVIDER, reference: '48213' });
    expect(mail.text).toContain('{{secret:autoLoginLink}}\n{{secret:autoLoginExpiry}}');
    expect(mail.html).toContain('<a href="{{secret:autoLoginLink}}">sign in straight away</a>');
  });

  it('has a version without the link that says to sign in at the login address with the user name and password', () => {
    const { without } = loginDetailsEmail({ ...input, autoLoginUserId: 48213 }).valuesAtDelivery!;
    expect(`${without.text}${without.html}`).not.toContain('autoLogin');
    expect(without.text).toContain('Password:  {{secret:password}}');
    expect(without.text).toContain('We could not include a sign-in link this time. Sign in at https://college.bksblive2.co.uk/ with the user name and password above.');
    expect(without.html).toContain('Sign in at <a href="https://college.bksblive2.co.uk/">https://college.bksblive2.co.uk/</a> with the user name and password above.');
  });

  it('states when the link stops working, in UK time, or that bksb does not say', () => {
    expect(expiryNote(new Date('2026-07-01T13:05:00Z'))).toBe('The link works until 1 Jul 2026, 14:05 (UK time); after that, log in with your user name and password.');
    expect(expiryNote(null)).toBe('The link works for a short time only; after that, log in with your user name and password.');
  });
});
