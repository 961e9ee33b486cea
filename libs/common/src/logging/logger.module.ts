import { DynamicModule, Module } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { LoggerModule as PinoLoggerModule } from 'nestjs-pino';
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

/** Structured JSON logs; every line carries the service name and the request's correlation id. */
@Module({})
export class LoggingModule {
  static forProcess(processName: string, config: BaseConfig): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        PinoLoggerModule.forRoot({
          pinoHttp: {
            level: config.LOG_LEVEL,
            base: { service: processName, instance: config.INSTANCE_ID ?? `${processName}-${process.pid}` },
            redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
            mixin: () => {
              const correlationId = RequestContext.correlationId();
              return correlationId ? { correlation_id: correlationId } : {};
            },
            genReqId: (req: IncomingMessage) => RequestContext.correlationId() ?? randomUUID(),
            customProps: () => ({}),
            autoLogging: { ignore: (req: IncomingMessage) => (req.url ?? '').startsWith('/health') || req.url === '/metrics' },
            serializers: {
              req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
          },
        }),
      ],
    };
  }
}
