import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthenticatedUser, Role } from './role';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator';

const ROLE_NAMES: Record<Role, string> = {
  admin: 'organisation administrators',
  staff: 'organisation staff',
  support: 'PICS support',
};

/**
 * Checks the role table: a route names its roles with @Roles; a route that names
 * none is refused, so forgetting the decorator fails closed.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const allowed = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets) ?? [];
    const user = context.switchToHttp().getRequest<{ user?: AuthenticatedUser }>().user;
    if (user && allowed.includes(user.role)) return true;
    const who = allowed.map((role) => ROLE_NAMES[role]).join(' or ');
    throw new ForbiddenException(
      who ? `Only ${who} can do this.` : 'This action is not available to any role.',
    );
  }
}
