import { StatusTag, UkTime } from '@picsweb/common';
import type { VNode } from 'preact';
import { LOGIN_DETAILS_TAGS } from '../../labels/bksb-labels';
import { LoginDetailsView } from '../../views/login-details-view';

/**
 * The latest login details email: Queued (since when), Sent (when the mail server
 * accepted it), Failed or Unclear (why); briefly, the tag and its time only.
 */
export function LoginDetailsStatus({ details, createdByPics, brief = false }: { details: LoginDetailsView; createdByPics: boolean; brief?: boolean }): VNode {
  if (details.state === 'none') return <>{createdByPics ? 'Not sent yet' : 'Not by PICSWeb: the account was made in bksb'}</>;
  const tag = LOGIN_DETAILS_TAGS[details.state];
  const at = details.state === 'sent' ? details.sentAt : details.queuedAt;
  return (
    <>
      <StatusTag tone={tag.tone}>{tag.label}</StatusTag> {details.state === 'queued' && !brief && 'since '}
      <UkTime at={at} />
      {!brief && details.state === 'queued' && '. It goes as soon as the mail server accepts it.'}
      {!brief && details.withoutAutoLoginLink && (
        <span class="hint"> Without the auto-login link: bksb could not give one in time, so the email says to sign in with the user name and password.</span>
      )}
      {!brief && details.failure && <span class="hint">{` ${details.failure}`}</span>}
    </>
  );
}
