import { BadRequestException, DynamicModule, INestApplication, LoggerService, PayloadTooLargeException } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import express, { NextFunction, Request, Response } from 'express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ApiExceptionFilter, AppLogger, createValidationPipe } from '@picsweb/common';
import { AppConfig } from './config/app-config';
import { AppModule } from './app.module';

/** Body-parser failures are the client's: say what to send instead of echoing the parser. */
function explainBodyErrors(error: { type?: string } | undefined, _request: Request, _response: Response, next: NextFunction): void {
  if (error?.type === 'entity.parse.failed') {
    next(new BadRequestException('The request body is not valid JSON. Send a JSON object with Content-Type: application/json.'));
  } else if (error?.type === 'entity.too.large') {
    next(new PayloadTooLargeException('The request body is larger than 1 MB.'));
  } else {
    next(error);
  }
}

/** Routes, documentation and hardening shared by the running app and the tests. */
export function configureApp(app: INestApplication): void {
  app.setGlobalPrefix('api');
  app.use(express.json({ limit: '1mb' }), explainBodyErrors);
  app.enableShutdownHooks();
  // Global (not APP_FILTER) so errors raised before routing, e.g. malformed JSON, get the same shape.
  app.useGlobalFilters(new ApiExceptionFilter());
  app.useGlobalPipes(createValidationPipe());
  (app as NestExpressApplication).disable('x-powered-by');
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('PICSWeb with the bksb Integration')
      .setDescription('Learners, applicants and their bksb functional skills assessments. See API.md.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}

/** Builds an app around a root module, configured as it runs in production, not listening yet. */
export async function createNestApp(rootModule: DynamicModule, logger: LoggerService): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(rootModule, { logger, bufferLogs: true, bodyParser: false, abortOnError: false });
  configureApp(app);
  return app;
}

/** The whole host app (migrations run during creation). */
export async function createApp(config: AppConfig): Promise<INestApplication> {
  const app = await createNestApp(AppModule.forRoot(config), new AppLogger(config.logFormat));
  (app as NestExpressApplication).set('trust proxy', config.trustProxy);
  return app;
}
