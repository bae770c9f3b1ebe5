import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { RolesGuard } from '@picsweb/common';
import { createSecretKey } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { AuthenticationGuard } from './authentication.guard';
import { CsrfGuard } from '../web/csrf.guard';
import { LoginThrottle } from './login-throttle';

@Module({
  imports: [
    UsersModule,
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        // A key object, not the string: jsonwebtoken tries a string as a PEM public key first,
        // and the exception that throws cost more than the rest of a request's checks.
        secret: createSecretKey(Buffer.from(config.appSecret)),
        signOptions: { algorithm: 'HS256', expiresIn: config.authTokenTtlSeconds },
      }),
    }),
  ],
  controllers: [AuthController],
  // Order matters: authenticate first, then the pages' CSRF token, then the role table.
  providers: [
    AuthService,
    LoginThrottle,
    { provide: APP_GUARD, useClass: AuthenticationGuard },
    { provide: APP_GUARD, useClass: CsrfGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
  exports: [AuthService],
})
export class AuthModule {}
