import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule as PinoLoggerModule } from 'nestjs-pino';
import pino, { DestinationStream, Logger } from 'pino';
import { BaseConfig } from '../config';
import { RequestContext } from '../context/request-context';

/** Never log these: credentials and tokens travel in them. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.new_password',
  '*.current_password',
  '*.access_token',
  '*.refresh_token',
  '*.token',
];

/**
 * Fields of a database error that carry the statement's values: TypeORM's QueryFailedError copies the
 * bound `parameters` (a password hash, an e-mail, a token's hash) and PostgreSQL's `detail` ("Key
 * (email)=(ada@example.com) already exists."). The SQL text (`query`, with $1 placeholders), the code
 * and the message stay: they are what an operator needs.
 */
const SQL_VALUE_FIELDS = ['parameters', 'detail'];

function withoutSqlValues(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null || depth > 3) return value;
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const [key, field] of Object.entries(out)) {
    if (SQL_VALUE_FIELDS.includes(key) && field !== undefined && field !== null) {
      out[key] = Array.isArray(field) ? `[redacted: ${field.length} parameters]` : '[redacted]';
    } else if (typeof field === 'object' && field !== null && !Array.isArray(field)) {
      out[key] = withoutSqlValues(field, depth + 1);
    }
  }
  return out;
}

/** pino's error serializer (type, message, stack, own fields), without a database error's values. */
export function errorSerializer(err: unknown): unknown {
  return withoutSqlValues(err instanceof Error ? pino.stdSerializers.err(err) : err, 0);
}

/** The process's pino logger: what Nest logs through, and the access log (`accessLogMiddleware`). */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

/** `destination`: where the lines go (stdout unless a test captures them). */
export function processLogger(processName: string, config: BaseConfig, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level: config.LOG_LEVEL,
    base: { service: processName, instance: config.INSTANCE_ID ?? `${processName}-${process.pid}` },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: { err: errorSerializer },
    mixin: () => {
      const correlationId = RequestContext.correlationId();
      return correlationId ? { correlation_id: correlationId } : {};
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * Structured JSON logs; every line carries the service name and the request's correlation id.
 * No pino-http middleware runs per request (`useExisting`): the access log is
 * `accessLogMiddleware`, which logs only failed or slow requests at info.
 */
@Module({})
export class LoggingModule {
  static forProcess(processName: string, config: BaseConfig): DynamicModule {
    const root = processLogger(processName, config);
    return {
      module: LoggingModule,
      imports: [PinoLoggerModule.forRoot({ pinoHttp: { logger: root, autoLogging: false }, useExisting: true })],
      providers: [{ provide: ROOT_LOGGER, useValue: root }],
      exports: [ROOT_LOGGER],
    };
  }
}
