import { Body, Controller, Get, HttpException, Post, Query, Req, Res, UnauthorizedException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { checkForm, Pages, Public, Roles, safeLocalPath, TooManyRequestsException, WebRequest, withLabels } from '@picsweb/common';
import type { Response } from 'express';
import { AuthService } from '../../auth/auth.service';
import { LoginDto } from '../../auth/dto/login.dto';
import { WebSessionMiddleware } from '../sessions/web-session.middleware';
import { WebSessionsService } from '../sessions/web-sessions.service';
import { LoginPage } from './login-page';

interface LoginForm {
  email?: unknown;
  password?: unknown;
  next?: unknown;
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** Where to go after signing in: a path on this site, never back to the sign-in page. */
const afterSignIn = (next: unknown) => {
  const path = safeLocalPath(next);
  return path.startsWith('/login') ? '/' : path;
};

/** Sign-in and sign-out of the pages, and the start page for each role. */
@ApiExcludeController()
@Controller()
export class LoginPageController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: WebSessionsService,
    private readonly sessionMiddleware: WebSessionMiddleware,
    private readonly pages: Pages,
  ) {}

  @Roles('admin', 'staff', 'support')
  @Get()
  home(@Req() request: WebRequest, @Res() response: Response): void {
    response.redirect(303, request.user?.role === 'support' ? '/support/organisations' : '/learners');
  }

  @Public()
  @Get('login')
  form(@Req() request: WebRequest, @Res() response: Response, @Query('next') next?: string): void {
    if (request.user) return response.redirect(303, afterSignIn(next));
    this.pages.send(request, response, <LoginPage email="" next={afterSignIn(next)} problem={null} />, { title: 'Sign in' });
  }

  @Public()
  @Post('login')
  async signIn(@Req() request: WebRequest, @Res() response: Response, @Body() body: LoginForm): Promise<void> {
    const email = text(body.email);
    const next = afterSignIn(body.next);
    const checked = await checkForm(LoginDto, { email: body.email, password: body.password });
    if (!checked.ok) {
      const [problem] = withLabels(checked.errors, { email: 'Email', password: 'Password' });
      return this.pages.send(request, response, <LoginPage email={email} next={next} problem={problem.message} />, { title: 'Sign in', status: 400 });
    }
    try {
      const user = await this.auth.verifyCredentials(checked.value.email, checked.value.password, request.ip ?? 'unknown');
      if (request.web?.sessionKey) await this.sessions.end(request.web.sessionKey);
      const sessionId = await this.sessions.start(user.id);
      response.cookie(this.sessionMiddleware.cookies.session, sessionId, this.sessionMiddleware.cookieOptions());
      response.redirect(303, next);
    } catch (error) {
      if (!(error instanceof UnauthorizedException || error instanceof TooManyRequestsException)) throw error;
      if (error instanceof TooManyRequestsException) response.setHeader('Retry-After', String(error.retryAfterSeconds));
      const status = (error as HttpException).getStatus();
      this.pages.send(request, response, <LoginPage email={email} next={next} problem={error.message} />, { title: 'Sign in', status });
    }
  }

  @Roles('admin', 'staff', 'support')
  @Post('logout')
  async signOut(@Req() request: WebRequest, @Res() response: Response): Promise<void> {
    if (request.web?.sessionKey) await this.sessions.end(request.web.sessionKey);
    response.clearCookie(this.sessionMiddleware.cookies.session, this.sessionMiddleware.cookieOptions());
    this.pages.redirect(response, '/login', 'You have signed out.');
  }
}
