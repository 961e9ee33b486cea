import { DynamicModule, Global, Module } from '@nestjs/common';
import { ClientProxyFactory } from '@nestjs/microservices';
import { BaseConfig } from './config';
import { HealthModule } from './health';
import { LoggingModule } from './logging/logger.module';
import { Metrics, MetricsController } from './metrics';
import { NatsConnectionService } from './nats/nats-connection.service';
import { natsConnectionOptions } from './nats/nats-options';
import { RpcContextInterceptor } from './nats/rpc-context.interceptor';
import { NATS_CLIENT, ServiceClient } from './nats/service-client';
import { Transport } from '@nestjs/microservices';

export interface CoreOptions {
  /** gateway, auth, jobs, applications, notifications */
  processName: string;
  config: BaseConfig;
  /** The app's own config class, so its services can inject the typed object. */
  configClass?: abstract new (...args: never[]) => BaseConfig;
  /** Whether /health/ready checks a database. */
  database: boolean;
}

/**
 * What every process has, in one place: typed config, JSON logs, metrics, the NATS connection and
 * the typed NATS client, /health and /metrics.
 */
@Global()
@Module({})
export class CoreModule {
  static forProcess(options: CoreOptions): DynamicModule {
    const { processName, config } = options;
    const configProviders = [{ provide: BaseConfig, useValue: config }];
    if (options.configClass && options.configClass !== BaseConfig) {
      configProviders.push({ provide: options.configClass as typeof BaseConfig, useValue: config });
    }
    return {
      module: CoreModule,
      imports: [LoggingModule.forProcess(processName, config), HealthModule.register({ database: options.database })],
      controllers: [MetricsController],
      providers: [
        ...configProviders,
        { provide: Metrics, useValue: new Metrics(processName) },
        { provide: NatsConnectionService, useFactory: () => new NatsConnectionService(config, processName) },
        {
          provide: NATS_CLIENT,
          useFactory: () =>
            ClientProxyFactory.create({ transport: Transport.NATS, options: natsConnectionOptions(config, `${processName}-client`) }),
        },
        ServiceClient,
        RpcContextInterceptor,
      ],
      exports: [...configProviders.map((p) => p.provide), Metrics, NatsConnectionService, ServiceClient, RpcContextInterceptor, NATS_CLIENT],
    };
  }
}
