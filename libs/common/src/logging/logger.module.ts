import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule as PinoLoggerModule } from 'nestjs-pino';
import pino, { Logger } from 'pino';
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

/** The process's pino logger: what Nest logs through, and the access log (`accessLogMiddleware`). */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

export function processLogger(processName: string, config: BaseConfig): Logger {
  return pino({
    level: config.LOG_LEVEL,
    base: { service: processName, instance: config.INSTANCE_ID ?? `${processName}-${process.pid}` },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    mixin: () => {
      const correlationId = RequestContext.correlationId();
      return correlationId ? { correlation_id: correlationId } : {};
    },
  });
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
