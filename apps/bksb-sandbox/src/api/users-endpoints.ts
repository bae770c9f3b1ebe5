import { randomBytes } from 'node:crypto';
import { EndpointHandler } from './bksb-request';
import { parseCreateUserForm } from './create-user-form';
import { formatLondonLocal } from '../data/uk-local-time';
import { readUserId } from './paging';
import { jsonReply, textReply } from './sandbox-reply';

export const USER_NOT_FOUND = 'User not found.';

/** POST users/createUser: a form-encoded body in, `{"UserId": ...}` out, plain-text refusals. */
export const createUser: EndpointHandler = (state, request) => {
  const refusal = (message: string) => textReply(state.quirks.createUserRefusalStatus, message);
  const mediaType = (request.contentType ?? '').split(';')[0].trim().toLowerCase();
  if (mediaType !== 'application/x-www-form-urlencoded') {
    return textReply(
      415,
      `The request entity's media type '${mediaType || '(none)'}' is not supported for this resource: send application/x-www-form-urlencoded.`,
    );
  }
  const outcome = parseCreateUserForm(request.body);
  if ('problem' in outcome) return refusal(outcome.problem);
  const { form } = outcome;
  if (state.store.isUsernameTaken(form.username)) {
    return refusal(`A user with the username '${form.username}' already exists.`);
  }
  const user = state.store.createUser(form);
  return jsonReply({
    UserId: user.userId,
    Username: user.username,
    Firstname: user.firstname,
    Lastname: user.lastname,
    Email: user.email,
  });
};

function usernameParameter(query: URLSearchParams): string | undefined {
  const username = query.get('username');
  return username === null || username.trim() === '' ? undefined : username;
}

/** GET users/isUsernameExists?username=U: the bare JSON `true` or `false`, in any letter case. */
export const isUsernameExists: EndpointHandler = (state, request) => {
  const username = usernameParameter(request.query);
  if (username === undefined) return textReply(400, 'The username parameter is required.');
  return jsonReply(state.store.isUsernameTaken(username));
};

/** GET users/user/getUserId?username=U: a bare integer, or a not-found message (status per quirks). */
export const getUserId: EndpointHandler = (state, request) => {
  const username = usernameParameter(request.query);
  if (username === undefined) return textReply(400, 'The username parameter is required.');
  const user = state.store.findUserByName(username);
  if (user) return jsonReply(user.userId);
  const message = `A user with username '${username}' not found.`;
  const status = state.quirks.getUserIdNotFoundStatus;
  return state.quirks.getUserIdNotFoundBody === 'jsonString' ? jsonReply(message, status) : textReply(status, message);
};

/** A sign-in link lasts this long (what real bksb allows is not known). */
const AUTO_LOGIN_MINUTES = 30;

/**
 * GET users/user/{userId}/getAutoLoginLink: a JSON string URL that signs the user in, or
 * with the quirk `{Link, Expiry}`, Expiry in UK local time.
 */
export const autoLoginLink: EndpointHandler = (state, request) => {
  const userId = readUserId(request.params[0]);
  if (userId === undefined) return textReply(400, `The value '${request.params[0]}' is not valid for userId.`);
  if (!state.store.findUserById(userId)) return textReply(404, USER_NOT_FOUND);
  const link = `${request.origin}/autologin/${userId}/${randomBytes(16).toString('hex')}`;
  if (state.quirks.autoLoginLinkBody === 'string') return jsonReply(link);
  return jsonReply({ Link: link, Expiry: formatLondonLocal(new Date(Date.now() + AUTO_LOGIN_MINUTES * 60_000)) });
};
