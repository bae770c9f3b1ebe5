import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { isPageRequest, PUBLIC_KEY, SignInRequiredException, WebRequest } from '@picsweb/common';
import { AuthService } from './auth.service';

/**
 * Every route needs a signed-in user unless marked @Public(): for /api/ a bearer token,
 * for pages the session cookie (already resolved by the session middleware). A cookie
 * never authenticates an API call, so the API needs no CSRF token.
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<WebRequest>();
    if (isPageRequest(request)) {
      if (!request.user) throw new SignInRequiredException();
      return true;
    }
    const [scheme, token] = (request.header('authorization') ?? '').split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) {
      throw new UnauthorizedException('Sign in first: send Authorization: Bearer <accessToken> from POST /api/auth/login.');
    }
    const user = await this.auth.authenticate(token);
    if (!user) throw new UnauthorizedException('Your session has expired or is not valid. Sign in again.');
    request.user = user;
    return true;
  }
}
