import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { JwtConfig } from '@app/common';
import { AppModule } from './app.module';
import { GatewayConfig } from './gateway.config';

/** Paths outside /api: the probes (the OpenAPI page is outside Nest's routes; /metrics is on METRICS_PORT). */
const UNPREFIXED = ['health/live', 'health/ready'];

/** The gateway's routes under /api (the probes excepted). */
export function setApiPrefix(app: INestApplication): void {
  app.setGlobalPrefix('api', { exclude: UNPREFIXED });
}

/** The OpenAPI document of a gateway app: served at /docs, and written to docs/openapi.json by `npm run openapi`. */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const info = new DocumentBuilder()
    .setTitle('IntoWork API')
    .setDescription('The HTTP API of the IntoWork job board (all paths under /api).')
    .setVersion('1')
    .addBearerAuth()
    .build();
  return SwaggerModule.createDocument(app, info);
}

/**
 * The document without running anything: Nest's preview mode builds the module graph (routes, DTOs)
 * without instantiating providers, so no configuration, database or NATS is needed.
 */
export async function previewOpenApiDocument(): Promise<OpenAPIObject> {
  // Nothing is verified or signed in preview mode: a throwaway key stands in for the required secrets.
  const throwaway = randomBytes(32).toString('hex');
  const config = Object.assign(new GatewayConfig(), { OAUTH_SIGNIN_SECRET: throwaway });
  const app = await NestFactory.create(AppModule.register(config, Object.assign(new JwtConfig(), { JWT_SECRET: throwaway })), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    setApiPrefix(app);
    return openApiDocument(app);
  } finally {
    await app.close();
  }
}
