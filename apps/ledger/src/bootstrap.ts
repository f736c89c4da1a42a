import helmet from '@fastify/helmet';
import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { API_CSP, cspPerRoutePrefix } from './common/content-security-policy';
import { HttpErrorFilter } from './common/http-error.filter';
import { serveConsole } from './console/serve-console';
import { hardenHttp, hardenedServerOptions } from './common/http-hardening';
import { InvalidInputException } from './common/invalid-input.exception';
import { type LedgerConfig, prepareDataDir } from '@ledger/config';
import { addCatalogSchemas } from './openapi/catalog-schemas';
import { serveOnlySwaggerUiAssets } from './openapi/docs-assets';
import { meterHttp } from './observability/http-metrics';
import { OperationMetrics } from './observability/operation-metrics';

/**
 * The ledger's HTTP application on Fastify (chosen over Express for its throughput and its
 * safe JSON parser, which refuses __proto__ and constructor keys). Used by main.ts and tests.
 */
export async function createLedgerApp(config: LedgerConfig): Promise<NestFastifyApplication> {
  prepareDataDir(config);
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimit,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    return503OnClosing: true,
    ...hardenedServerOptions,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    bufferLogs: true,
    // JSON only, by Fastify's own parser: no form parser from Nest (see common/http-hardening.ts).
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  hardenHttp(app);
  app.useGlobalFilters(new HttpErrorFilter());
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) =>
        new InvalidInputException(
          errors.flatMap((e) =>
            Object.entries(e.constraints ?? {}).map(([rule, message]) => ({
              path: e.property,
              message: rule === 'whitelistValidation' ? 'is not a known parameter' : message.replace(`${e.property} `, ''),
            })),
          ),
        ),
    }),
  );
  const fastify = app.getHttpAdapter().getInstance();
  // Both before any route is registered: they attach to routes as Fastify adds them.
  cspPerRoutePrefix(fastify);
  serveOnlySwaggerUiAssets(fastify);
  meterHttp(fastify, app.get(OperationMetrics));
  // The strict API policy everywhere; /docs gets its own (common/content-security-policy.ts).
  await app.register(helmet, { contentSecurityPolicy: API_CSP, frameguard: { action: 'deny' } });
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('privacy-ledger')
      .setDescription('An event-sourced, tamper-evident ledger of what a company does with personal data.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, addCatalogSchemas(document));
  await serveConsole(app);
  return app;
}
