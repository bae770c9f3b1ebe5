import { SetMetadata } from '@nestjs/common';
import { Role } from './role';

export const ROLES_KEY = 'picsweb:roles';
export const PUBLIC_KEY = 'picsweb:public';

/** The roles that may use a route (docs/api.md's role table). A route without it is refused. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** A route anyone may call without signing in (login, health). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
