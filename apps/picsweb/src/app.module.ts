import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { RequestLoggingMiddleware } from '@picsweb/common';
import { AuthModule } from './auth/auth.module';
import { AppConfig } from './config/app-config';
import { AppConfigModule } from './config/config.module';
import { CoreModule } from './core.module';
import { DatabaseModule } from './database/database.module';
import { DemoModule } from './demo/demo.module';
import { HealthModule } from './health/health.module';
import { bksbIntegration } from './integrations/bksb-integration.mount'; // bksb-plugin
import { MailModule } from './mail/mail.module';
import { MetricsModule } from './metrics/metrics.module';
import { OrganisationsModule } from './organisations/organisations.module';
import { PeopleModule } from './people/people.module';
import { RetentionModule } from './retention/retention.module';
import { SystemLogModule } from './system-log/system-log.module';
import { TagsModule } from './tags/tags.module';
import { UsersModule } from './users/users.module';
import { WebModule } from './web/web.module';

@Module({})
export class AppModule implements NestModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        ScheduleModule.forRoot(),
        CoreModule,
        MetricsModule.forRoot(config),
        DatabaseModule,
        HealthModule,
        AuthModule,
        UsersModule,
        OrganisationsModule,
        SystemLogModule,
        PeopleModule,
        TagsModule,
        MailModule,
        RetentionModule,
        WebModule,
        bksbIntegration, // bksb-plugin
        ...(config.mode === 'demo' ? [DemoModule] : []),
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestLoggingMiddleware).forRoutes('*path');
  }
}
