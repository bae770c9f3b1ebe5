import { applyDecorators, CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthenticatedUser } from '../auth/role';
import { LICENCE_CHECKER, LicenceChecker, LicenceName } from '../ports/licence-checker.port';

const LICENCE_KEY = 'picsweb:licence';

const NOT_LICENSED: Record<LicenceName, string> = {
  bksb: 'bksb Integration is not licensed for this organisation. Contact PICS support to enable it.',
};

export function notLicensedMessage(licence: LicenceName): string {
  return NOT_LICENSED[licence];
}

/** Refuses (403) every request of an organisation that does not hold the licence. */
@Injectable()
export class LicenceGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(LICENCE_CHECKER) private readonly licences: LicenceChecker,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const licence = this.reflector.getAllAndOverride<LicenceName>(LICENCE_KEY, [context.getHandler(), context.getClass()]);
    if (!licence) return true;
    const user = context.switchToHttp().getRequest<{ user?: AuthenticatedUser }>().user;
    if (user?.organisationId && (await this.licences.isLicensed(user.organisationId, licence))) return true;
    throw new ForbiddenException(notLicensedMessage(licence));
  }
}

/** Marks a controller or route as needing the organisation's licence. */
export const RequiresLicence = (licence: LicenceName) => applyDecorators(SetMetadata(LICENCE_KEY, licence), UseGuards(LicenceGuard));
