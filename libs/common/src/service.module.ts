import { Controller, DynamicModule, Global, Module, Type } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PingRequest, PingResponse, ServiceName, SYSTEM_PING } from '@app/contracts';
import { dataSourceOptions, DbConfig } from '@app/db';
import { BaseConfig } from './config';
import { RequestContext } from './context/request-context';
import { CoreModule } from './core.module';
import { EventConsumers } from './events/event-consumers.service';
import { EventStreamInitializer } from './events/event-stream.initializer';
import { Outbox, SERVICE_NAME } from './events/outbox';
import { OutboxRelay } from './events/outbox-relay.service';

function pingController(service: ServiceName): Type<unknown> {
  @Controller()
  class PingController {
    @MessagePattern(SYSTEM_PING[service].subject)
    ping(@Payload() _request: PingRequest): PingResponse {
      return { service, pong: true, time: new Date().toISOString(), correlation_id: RequestContext.correlationId() ?? null };
    }
  }
  return PingController;
}

export interface ServiceModuleOptions {
  name: ServiceName;
  config: BaseConfig;
  configClass?: abstract new (...args: never[]) => BaseConfig;
  dbConfig: DbConfig;
}

/**
 * The common base of the four data-owning services: CoreModule, the TypeORM pool on the service's
 * own schema and role, its system ping, the events stream, its outbox relay and event consumers.
 */
@Global()
@Module({})
export class ServiceModule {
  static forService(options: ServiceModuleOptions): DynamicModule {
    const { name, config, dbConfig } = options;
    return {
      module: ServiceModule,
      imports: [
        CoreModule.forProcess({ processName: name, config, configClass: options.configClass, database: true }),
        TypeOrmModule.forRoot({ ...dataSourceOptions(name, dbConfig), autoLoadEntities: true }),
      ],
      controllers: [pingController(name)],
      providers: [
        { provide: DbConfig, useValue: dbConfig },
        { provide: SERVICE_NAME, useValue: name },
        EventStreamInitializer,
        Outbox,
        OutboxRelay,
        EventConsumers,
      ],
      exports: [DbConfig, SERVICE_NAME, Outbox, OutboxRelay, EventConsumers],
    };
  }
}
