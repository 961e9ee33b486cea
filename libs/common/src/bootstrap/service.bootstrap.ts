import { ArgumentMetadata, DynamicModule, INestApplication, Logger as NestLogger, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { NestMicroservice, RpcException, ServerNats } from '@nestjs/microservices';
import { COMMON_ERRORS, ServiceName } from '@app/contracts';
import { DbConfig, migrateService, migrationPasswordProblem, rolePasswordProblem } from '@app/db';
import { Logger } from 'nestjs-pino';
import { BaseConfig, ConfigError, loadConfigs } from '../config';
import { AllRpcExceptionsFilter, FieldProblem, JSON_MAX_DEPTH, jsonTooDeep, nulCharacterProblems, toFieldProblems } from '../errors';
import { httpMetricsMiddleware, Metrics } from '../metrics';
import { accessLogMiddleware } from '../logging/access-log.middleware';
import { ROOT_LOGGER } from '../logging/logger.module';
import { natsServerOptions } from '../nats/nats-options';
import { RpcContextInterceptor } from '../nats/rpc-context.interceptor';
import { NatsConnectionService } from '../nats/nats-connection.service';
import { processPort } from './process-port';

function invalidPayload(details: FieldProblem[]): RpcException {
  return new RpcException({ code: COMMON_ERRORS.VALIDATION_FAILED.code, message: 'Invalid request payload', details });
}

/**
 * Payloads are checked again where they are handled: a service trusts no caller's shapes, nor a NUL
 * character in a string (PostgreSQL cannot store it).
 */
class RpcValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      transform: true,
      forbidUnknownValues: false,
      exceptionFactory: (errors) => invalidPayload(toFieldProblems(errors)),
    });
  }

  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Before any recursive walk below (a payload nested thousands deep would exhaust the stack: a 500).
    if (jsonTooDeep(value)) {
      throw new RpcException({ code: COMMON_ERRORS.JSON_TOO_DEEP.code, message: `Payload nested deeper than ${JSON_MAX_DEPTH} levels` });
    }
    const nul = nulCharacterProblems(value, 'body');
    if (nul.length) throw invalidPayload(nul);
    return super.transform(value, metadata);
  }
}

export function rpcValidationPipe(): ValidationPipe {
  return new RpcValidationPipe();
}

/** Prints a configuration problem as one readable message and exits, instead of a stack trace. */
export function exitOnConfigError(processName: string, err: unknown): never {
  if (err instanceof ConfigError) {
    process.stderr.write(`${processName}: ${err.message}\n`);
    process.exit(78); // EX_CONFIG
  }
  throw err;
}

export interface ServiceBootstrapOptions {
  name: ServiceName;
  module: DynamicModule;
  config: BaseConfig;
  dbConfig: DbConfig;
}

/**
 * Starts a data-owning service: its migrations (under an advisory lock), its NATS handlers in its
 * queue group, and an HTTP port for /health and /metrics. SIGTERM drains: stop taking requests,
 * finish what is in flight, close NATS and the pool.
 */
export async function bootstrapService(options: ServiceBootstrapOptions): Promise<INestApplication> {
  const { name, config, dbConfig } = options;
  const port = processPort(name);
  if (dbConfig.DB_MIGRATE_ON_START === 'true') {
    const applied = await migrateService(name, dbConfig);
    if (applied.length) new NestLogger('Migrations').log(`${name}: applied ${applied.join(', ')}`);
  }
  const app = await NestFactory.create<NestExpressApplication>(options.module, { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  app.use(accessLogMiddleware(app.get(ROOT_LOGGER), config.LOG_SLOW_REQUEST_MS));
  app.use(httpMetricsMiddleware(app.get(Metrics)));
  const server = new ServerNats(natsServerOptions(config, name));
  // Deferred, so the pipes, filters and interceptors below apply to the handlers when they are registered.
  const microservice = app.connectMicroservice({ strategy: server }, { deferInitialization: true });
  microservice.useGlobalPipes(rpcValidationPipe());
  microservice.useGlobalFilters(new AllRpcExceptionsFilter());
  microservice.useGlobalInterceptors(app.get(RpcContextInterceptor));
  // A deferred microservice would run the shared container's init and bootstrap hooks a second time
  // (a second NATS connection, relay, consumers...): the app runs them once, before NATS handlers start.
  (microservice as NestMicroservice).setIsInitHookCalled(true);
  await app.init();
  // The handlers now; their NATS subscription once NATS is there (a service started during a NATS
  // outage is up, not ready, until then).
  await (microservice as NestMicroservice).registerModules();
  const nats = app.get(NatsConnectionService);
  nats.markHandlers('pending');
  await app.listen(port, config.HOST);
  app.get(Logger).log(`${name} listening: HTTP :${port} (/health, /metrics); NATS queue group "${name}" once connected`);
  void subscribeWhenNatsIsUp(app, nats, name);
  return app;
}

/** Subscribes the service's handlers in its NATS queue group as soon as NATS answers; retried until then. */
async function subscribeWhenNatsIsUp(app: INestApplication, nats: NatsConnectionService, name: string): Promise<void> {
  const logger = app.get(Logger);
  while (!nats.stopping) {
    try {
      await nats.whenConnected();
      await app.startAllMicroservices();
      nats.markHandlers('subscribed');
      logger.log(`${name} ready: NATS queue group "${name}"`);
      return;
    } catch (err) {
      if (nats.stopping) return;
      logger.warn(`${name}: NATS handlers not subscribed (${(err as Error).message}); retrying`);
      await new Promise((resolve) => setTimeout(resolve, 1000).unref());
    }
  }
}

/**
 * A service's whole main(): validate its config (exit 78 with a readable message when bad), build
 * its root module from the config, start it; any start-up failure exits 1.
 */
export function runService<C extends BaseConfig>(
  name: ServiceName,
  configClass: new () => C,
  rootModule: (config: C, dbConfig: DbConfig) => DynamicModule,
  /** Problems of other config classes the process loaded itself (JwtConfig): reported together. */
  otherProblems: string[] = [],
): void {
  let config!: C;
  let dbConfig!: DbConfig;
  const problems: string[] = [...otherProblems];
  try {
    [config, dbConfig] = loadConfigs(configClass, DbConfig);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    problems.push(...err.problems);
  }
  // The service's role password (no default): checked here so it is reported with the rest.
  const password = rolePasswordProblem(name);
  if (password) problems.push(password);
  // Migrating at start-up logs in as the migration role.
  const migration = dbConfig?.DB_MIGRATE_ON_START === 'true' ? migrationPasswordProblem() : undefined;
  if (migration) problems.push(migration);
  if (problems.length) exitOnConfigError(name, new ConfigError(problems));
  bootstrapService({ name, module: rootModule(config, dbConfig), config, dbConfig }).catch((err: unknown) => {
    process.stderr.write(`${name}: failed to start: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exit(1);
  });
}
