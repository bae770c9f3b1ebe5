import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { MetricsPortServer } from './metrics-port.server';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

/**
 * The host's metrics, in one place: the registry (global, so the mail outbox, sign-in and
 * the plugin's port record into it), /metrics on the app's port when METRICS_TOKEN is
 * set (otherwise that path is unknown: 404), and on METRICS_PORT when that is set.
 */
@Module({})
export class MetricsModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: MetricsModule,
      global: true,
      controllers: config.metricsToken ? [MetricsController] : [],
      providers: [MetricsService, MetricsPortServer],
      exports: [MetricsService],
    };
  }
}
