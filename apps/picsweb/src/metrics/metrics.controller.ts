import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@picsweb/common';
import type { Request, Response } from 'express';
import { AppConfig } from '../config/app-config';
import { sameToken } from '../web/sessions/web-sessions.service';
import { MetricsService } from './metrics.service';

/**
 * /metrics on the app's port, mounted only when METRICS_TOKEN is set, for Prometheus
 * with `Authorization: Bearer <METRICS_TOKEN>`. Public to the sign-in: the token is the
 * check, compared in constant time.
 */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  async scrape(@Req() request: Request, @Res() response: Response): Promise<void> {
    const [scheme, token] = (request.header('authorization') ?? '').split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !sameToken(token, this.config.metricsToken ?? '')) {
      response.status(401).set('WWW-Authenticate', 'Bearer').type('text/plain').send('Send Authorization: Bearer <METRICS_TOKEN>.\n');
      return;
    }
    const { contentType, body } = await this.metrics.scrape();
    // As prom-client gives it: Express's send would reorder the content type's parameters.
    response.setHeader('Content-Type', contentType);
    response.end(body);
  }
}
