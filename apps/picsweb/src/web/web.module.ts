import { Global, MiddlewareConsumer, Module, NestModule, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Pages, WebExtensions } from '@picsweb/common';
import { AuthModule } from '../auth/auth.module';
import { AppConfig } from '../config/app-config';
import { MailModule } from '../mail/mail.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { PeopleModule } from '../people/people.module';
import { SystemLogModule } from '../system-log/system-log.module';
import { TagsModule } from '../tags/tags.module';
import { UsersModule } from '../users/users.module';
import { AdminPagesController } from './admin/admin-pages.controller';
import { LoginPageController } from './auth/login-page.controller';
import { ApplicantPagesController, LearnerPagesController } from './people/people-pages.controller';
import { WebSession } from './sessions/web-session.entity';
import { WebSessionMiddleware } from './sessions/web-session.middleware';
import { WebSessionsService } from './sessions/web-sessions.service';
import { OrganisationsPagesController } from './support/organisations-pages.controller';

/**
 * The host's pages and the machinery every page needs: cookie sessions, the frame and
 * its extension points (global, so a plugin can add its menu entries and panels).
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([WebSession]), AuthModule, UsersModule, OrganisationsModule, PeopleModule, TagsModule, SystemLogModule, MailModule],
  controllers: [LoginPageController, LearnerPagesController, ApplicantPagesController, AdminPagesController, OrganisationsPagesController],
  providers: [
    WebExtensions,
    { provide: Pages, inject: [WebExtensions, AppConfig], useFactory: (extensions: WebExtensions, config: AppConfig) => new Pages(extensions, config.mode !== 'demo') },
    WebSessionsService,
    WebSessionMiddleware,
  ],
  exports: [WebExtensions, Pages, WebSessionsService],
})
export class WebModule implements NestModule, OnModuleInit {
  constructor(private readonly extensions: WebExtensions) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(WebSessionMiddleware).forRoutes('{*path}');
  }

  onModuleInit(): void {
    this.extensions.addMenuEntry({ label: 'Learners', href: '/learners', roles: ['admin', 'staff'] });
    this.extensions.addMenuEntry({ label: 'Applicants', href: '/applicants', roles: ['admin', 'staff'] });
    this.extensions.addMenuEntry({ label: 'System logs', href: '/system-logs', roles: ['admin'] });
    this.extensions.addMenuEntry({ label: 'Mail outbox', href: '/mail-outbox', roles: ['admin'] });
    this.extensions.addMenuEntry({ label: 'Organisations', href: '/support/organisations', roles: ['support'] });
  }
}
