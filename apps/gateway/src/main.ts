import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import {
  accessLogMiddleware,
  exitOnConfigError,
  httpMetricsMiddleware,
  JwtConfig,
  loadConfigs,
  Metrics,
  processPort,
  ROOT_LOGGER,
} from '@app/common';
import cookieParser from 'cookie-parser';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { GatewayConfig } from './gateway.config';
import { correlationMiddleware } from './http/correlation.middleware';
import { jsonDepthMiddleware } from './http/json-depth.middleware';
import { securityHeaders } from './http/security-headers';
import { openApiDocument, setApiPrefix } from './openapi';

const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;

async function main(): Promise<void> {
  let config: GatewayConfig;
  let jwt: JwtConfig;
  try {
    [config, jwt] = loadConfigs(GatewayConfig, JwtConfig);
  } catch (err) {
    exitOnConfigError('gateway', err);
  }
  const port = processPort('gateway');
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config, jwt), { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  if (config.trustProxy !== false) app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  app.use(correlationMiddleware);
  app.use(accessLogMiddleware(app.get(ROOT_LOGGER), config.LOG_SLOW_REQUEST_MS));
  app.use(cookieParser());
  app.use(securityHeaders());
  app.use(httpMetricsMiddleware(app.get(Metrics)));
  app.useBodyParser('json', { limit: config.JSON_BODY_LIMIT });
  app.use(jsonDepthMiddleware);
  app.enableCors({ origin: config.corsOrigins, credentials: true, exposedHeaders: ['X-Request-Id', 'Retry-After'] });
  setApiPrefix(app);
  SwaggerModule.setup('docs', app, () => openApiDocument(app));

  await app.listen(port, config.HOST);
  const server = app.getHttpServer();
  server.keepAliveTimeout = config.HTTP_KEEP_ALIVE_TIMEOUT_MS;
  // A client gets 10 s to send its headers and 30 s for the whole request (Node: 60 s and 5 min), so
  // slow or stalled senders do not hold sockets and buffers; responses (the SSE stream) are not bounded by these.
  server.headersTimeout = Math.max(HEADERS_TIMEOUT_MS, config.HTTP_KEEP_ALIVE_TIMEOUT_MS + 1000);
  server.requestTimeout = Math.max(REQUEST_TIMEOUT_MS, server.headersTimeout);
  app.get(Logger).log(`gateway ready on :${port} (API /api, OpenAPI /docs)`);
}

main().catch((err: unknown) => {
  process.stderr.write(`gateway: failed to start: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
