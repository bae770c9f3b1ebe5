import { DynamicModule, INestApplication, LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, NestExpressApplication } from '@nestjs/platform-express';
import express, { RequestHandler } from 'express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ApiExceptionFilter, AppLogger, createValidationPipe, Pages } from '@picsweb/common';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { bodyParsers } from './body-parsing';
import { securityHeaders } from './web/security-headers';
import { AppConfig } from './config/app-config';
import { AppModule } from './app.module';
import { httpMetrics } from './metrics/http-metrics';
import { MetricsService } from './metrics/metrics.service';

/** The stylesheets and script of the pages, found from the package root (source and build alike). */
function assetsDirectory(): string {
  let directory = __dirname;
  while (!existsSync(join(directory, 'package.json'))) {
    const parent = dirname(directory);
    if (parent === directory) throw new Error('The package root (with package.json) was not found above the app.');
    directory = parent;
  }
  return join(directory, 'libs/common/src/web/assets');
}

/**
 * A file under /assets that is not there: 404, served as the files are, before any
 * logging (anyone may ask for any name; serve-static's own error would be logged as
 * unexpected, with the file's absolute path).
 */
const assetNotFound: RequestHandler = (_request, response) => {
  response.status(404).type('text/plain').send('Not found.');
};

/** Routes, documentation and hardening shared by the running app and the tests. */
export function configureApp(app: INestApplication): void {
  const config = app.get(AppConfig);
  const server = app as NestExpressApplication;
  app.use(httpMetrics(app.get(MetricsService)));
  server.set('trust proxy', config.trustProxy);
  server.disable('x-powered-by');
  app.use(securityHeaders(config.mode));
  const pico = dirname(require.resolve('@picocss/pico/css/pico.classless.min.css'));
  app.use('/assets/pico', express.static(pico, { index: false, maxAge: '1h' }));
  app.use('/assets', express.static(assetsDirectory(), { index: false, maxAge: '1h' }), assetNotFound);
  app.use(...bodyParsers());
  app.enableShutdownHooks();
  // Global (not APP_FILTER) so errors raised before routing, e.g. malformed JSON, get the same shape.
  const filter = new ApiExceptionFilter();
  filter.renderPagesWith(app.get(Pages));
  app.useGlobalFilters(filter);
  app.useGlobalPipes(createValidationPipe());
  if (config.apiDocs) {
    const document = SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('PICSWeb with the bksb Integration')
        .setDescription('Learners, applicants and their bksb functional skills assessments. See docs/api.md.')
        .setVersion('1')
        .addBearerAuth()
        .build(),
    );
    SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  }
}

/** Builds an app around a root module (AppModule.forRoot), configured as it runs in production, not listening yet. */
export async function createNestApp(rootModule: DynamicModule, logger: LoggerService): Promise<INestApplication> {
  const instance = express();
  // Express matches paths without regard to letter case unless told: `/API/me` would be the
  // API's route, yet a page request (with the page cookie) for everything that compares paths.
  instance.set('case sensitive routing', true);
  const app = await NestFactory.create<NestExpressApplication>(rootModule, new ExpressAdapter(instance), {
    logger,
    bufferLogs: true,
    bodyParser: false,
    abortOnError: false,
  });
  configureApp(app);
  return app;
}

/** The whole host app (migrations run during creation). */
export function createApp(config: AppConfig): Promise<INestApplication> {
  return createNestApp(AppModule.forRoot(config), new AppLogger(config.logFormat));
}
