import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { AppConfig } from '../config/app-config';
import { MetricsService } from './metrics.service';

/**
 * /metrics on a port of its own (METRICS_PORT), without a token, on loopback unless
 * METRICS_HOST says otherwise: for a Prometheus or agent on the same machine or network.
 */
@Injectable()
export class MetricsPortServer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Metrics');
  private server: Server | null = null;

  constructor(
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.metricsPort === null) return;
    const server = createServer((request, response) => void this.answer(request, response));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.metricsPort!, this.config.metricsHost, () => resolve());
    });
    this.server = server;
    this.logger.log(`Metrics are served on ${this.url}`);
  }

  /** Where /metrics answers on its own port; null without METRICS_PORT. */
  get url(): string | null {
    const address = this.server?.address() as AddressInfo | null | undefined;
    if (!address) return null;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${host}:${address.port}/metrics`;
  }

  async onModuleDestroy(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.server = null;
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('Only GET /metrics is served here.\n');
      return;
    }
    try {
      const { contentType, body } = await this.metrics.scrape();
      response.writeHead(200, { 'Content-Type': contentType }).end(body);
    } catch (error) {
      this.logger.error(`A scrape of /metrics failed: ${error instanceof Error ? error.message : String(error)}`);
      response.writeHead(500, { 'Content-Type': 'text/plain' }).end('The metrics could not be collected; see the server log.\n');
    }
  }
}
