import { Controller, DynamicModule, Global, Module, Type } from '@nestjs/common';
import { Handles } from './nats/handles.decorator';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PingRequest, PingResponse, ServiceName, SYSTEM_PING } from '@app/contracts';
import { dataSourceOptions, DbConfig } from '@app/db';
import { BaseConfig } from './config';
import { RequestContext } from './context/request-context';
import { CoreModule } from './core.module';
import { EventApplier } from './events/event-applier';
import { EventConsumerMetrics } from './events/event-consumer.metrics';
import { EventConsumers } from './events/event-consumers.service';
import { EventStreamInitializer } from './events/event-stream.initializer';
import { Outbox, SERVICE_NAME } from './events/outbox';
import { OutboxRelay } from './events/outbox-relay.service';
import { ParkedEventsRepository } from './events/parked-events.repository';
import { ParkedEvents } from './events/parked-events.service';
import { CountsCache } from './ops/counts-cache';
import { DbReportService } from './ops/db-report.service';
import { Maintenance } from './ops/maintenance.service';
import { opsController } from './ops/ops.controller';
import { PoolMetrics } from './ops/pool-metrics';
import { ReadDatabase } from './ops/read-database';
import { withRequestDeadlines } from './ops/deadline-pool';

function pingController(service: ServiceName): Type<unknown> {
  @Controller()
  class PingController {
    @Handles(SYSTEM_PING[service])
    ping(_request: PingRequest): PingResponse {
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
 * own schema and role, its system ping, the events stream, its outbox relay and event consumers,
 * and the operators' pieces (database report, pool gauges, scheduled maintenance: libs/common/src/ops).
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
        TypeOrmModule.forRoot(withRequestDeadlines(dataSourceOptions(name, dbConfig))),
        ScheduleModule.forRoot(),
      ],
      controllers: [pingController(name), opsController(name)],
      providers: [
        { provide: DbConfig, useValue: dbConfig },
        { provide: SERVICE_NAME, useValue: name },
        EventStreamInitializer,
        Outbox,
        OutboxRelay,
        EventApplier,
        ParkedEventsRepository,
        EventConsumerMetrics,
        EventConsumers,
        ParkedEvents,
        DbReportService,
        PoolMetrics,
        Maintenance,
        ReadDatabase,
        CountsCache,
      ],
      exports: [DbConfig, SERVICE_NAME, Outbox, OutboxRelay, EventConsumers, Maintenance, ReadDatabase, CountsCache],
    };
  }
}
