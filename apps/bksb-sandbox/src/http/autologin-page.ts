import { SandboxReply, textReply } from '../api/sandbox-reply';
import { SandboxState } from '../state/sandbox-state';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Where getAutoLoginLink's URLs lead: a page saying who was signed in. */
export function autologinPage(state: SandboxState, pathname: string): SandboxReply {
  const match = /^\/autologin\/(\d+)\/[0-9a-f]+$/.exec(pathname);
  const user = match ? state.store.findUserById(Number(match[1])) : undefined;
  if (!user) return textReply(404, 'This sign-in link is not valid.');
  const name = escapeHtml(`${user.firstname} ${user.lastname}`);
  return {
    status: 200,
    contentType: 'text/html; charset=utf-8',
    body:
      '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>bksb sandbox</title></head>' +
      `<body><h1>bksb sandbox</h1><p>Signed in as ${name} (${escapeHtml(user.username)}).</p></body></html>`,
  };
}
