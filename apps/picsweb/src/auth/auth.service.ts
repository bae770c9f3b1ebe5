import { Injectable, OnModuleInit, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AuthenticatedUser, TooManyRequestsException } from '@picsweb/common';
import { randomBytes } from 'node:crypto';
import { MetricsService } from '../metrics/metrics.service';
import { PasswordHasher } from '../users/password-hasher';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { LoginThrottle } from './login-throttle';

export const INVALID_LOGIN = 'Invalid email or password';

export interface LoginResult {
  accessToken: string;
  user: AuthenticatedUser;
}

interface TokenClaims {
  sub: string;
  exp: number;
}

/** Only tokens this app signs: a user id and an expiry. Anything else fails closed. */
const isTokenClaims = (claims: Partial<Record<keyof TokenClaims, unknown>>): claims is TokenClaims =>
  typeof claims.sub === 'string' && claims.sub.length > 0 && typeof claims.exp === 'number';

export const toAuthenticatedUser = (user: User): AuthenticatedUser => ({
  id: user.id,
  email: user.email,
  role: user.role,
  organisationId: user.organisationId,
});

@Injectable()
export class AuthService implements OnModuleInit {
  /** Verified against when the email is unknown, so both failures take the same time. */
  private decoyHash = '';

  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    private readonly throttle: LoginThrottle,
    private readonly metrics: MetricsService,
  ) {}

  async onModuleInit(): Promise<void> {
    this.decoyHash = await PasswordHasher.hash(randomBytes(16).toString('hex'));
  }

  async login(email: string, password: string, clientAddress: string): Promise<LoginResult> {
    const user = await this.verifyCredentials(email, password, clientAddress);
    // exp is added from the module's expiresIn.
    return { accessToken: await this.jwt.signAsync({ sub: user.id }), user: toAuthenticatedUser(user) };
  }

  /**
   * The one sign-in check of the API and the pages: throttled (429) before any hashing,
   * the same 401 for an unknown email and a wrong password.
   */
  async verifyCredentials(emailInput: string, password: string, clientAddress: string): Promise<User> {
    const email = emailInput.trim().toLowerCase();
    let user: User | null;
    try {
      user = await this.throttle.attempt(email, clientAddress, async () => {
        const found = await this.users.findByEmail(email);
        const valid = await PasswordHasher.verify(password, found?.passwordHash ?? this.decoyHash);
        return found && valid ? found : null;
      });
    } catch (error) {
      if (error instanceof TooManyRequestsException) this.metrics.loginThrottled.inc();
      throw error;
    }
    if (!user) {
      this.metrics.loginFailures.inc();
      throw new UnauthorizedException(INVALID_LOGIN);
    }
    return user;
  }

  /**
   * The user a bearer token stands for, or null when it is expired, tampered, lacks a
   * string `sub` or an `exp` (a token that never expires is not one of ours), or the
   * user is gone.
   */
  async authenticate(token: string): Promise<AuthenticatedUser | null> {
    let claims: Partial<Record<keyof TokenClaims, unknown>>;
    try {
      claims = await this.jwt.verifyAsync(token, { algorithms: ['HS256'] });
    } catch {
      return null;
    }
    if (!isTokenClaims(claims)) return null;
    const user = await this.users.findById(claims.sub);
    return user ? toAuthenticatedUser(user) : null;
  }
}
