import { createParamDecorator, ExecutionContext, ForbiddenException } from '@nestjs/common';
import { AuthenticatedUser } from './role';

function userOf(context: ExecutionContext): AuthenticatedUser {
  const user = context.switchToHttp().getRequest<{ user?: AuthenticatedUser }>().user;
  if (!user) throw new ForbiddenException('Sign in first.');
  return user;
}

/** The signed-in user. */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext) => userOf(context));

/**
 * The signed-in user's organisation: the only organisation whose data a request may
 * touch. Every query for organisation data is scoped by it, so another
 * organisation's ids are simply not found.
 */
export const OrganisationId = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const { organisationId } = userOf(context);
  if (!organisationId) throw new ForbiddenException('This needs an organisation user; PICS support has no organisation data.');
  return organisationId;
});
