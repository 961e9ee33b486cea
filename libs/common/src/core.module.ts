import { DynamicModule, Global, Module } from '@nestjs/common';
import { BaseConfig } from './config';
import { HealthModule } from './health';
import { LoggingModule } from './logging/logger.module';
import { Metrics, MetricsController, MetricsListener, MetricsListenerOptions } from './metrics';
import { NatsConnectionService } from './nats/nats-connection.service';
import { RpcContextInterceptor } from './nats/rpc-context.interceptor';
import { ServiceClient } from './nats/service-client';

export interface CoreOptions {
  /** gateway, auth, jobs, applications, notifications */
  processName: string;
  config: BaseConfig;
  /** The app's own config class, so its services can inject the typed object. */
  configClass?: abstract new (...args: never[]) => BaseConfig;
  /** Whether /health/ready checks a database. */
  database: boolean;
  /**
   * Serve /metrics on this separate listener instead of the process's HTTP port (the gateway: its port
   * is public). Without it, GET /metrics is a route of the HTTP port (the services: internal ports).
   */
  metricsListener?: MetricsListenerOptions;
}

/**
 * What every process has, in one place: typed config, JSON logs, metrics, the NATS connection and
 * the typed NATS client, /health and /metrics (on the HTTP port, or its own listener: `metricsListener`).
 */
@Global()
@Module({})
export class CoreModule {
  static forProcess(options: CoreOptions): DynamicModule {
    const { processName, config, metricsListener } = options;
    const metrics = new Metrics(processName);
    const configProviders = [{ provide: BaseConfig, useValue: config }];
    if (options.configClass && options.configClass !== BaseConfig) {
      configProviders.push({ provide: options.configClass as typeof BaseConfig, useValue: config });
    }
    return {
      module: CoreModule,
      imports: [LoggingModule.forProcess(processName, config), HealthModule.register({ database: options.database })],
      controllers: metricsListener ? [] : [MetricsController],
      providers: [
        ...configProviders,
        { provide: Metrics, useValue: metrics },
        ...(metricsListener ? [{ provide: MetricsListener, useValue: new MetricsListener(metrics, metricsListener) }] : []),
        { provide: NatsConnectionService, useFactory: () => new NatsConnectionService(config, processName) },
        ServiceClient,
        RpcContextInterceptor,
      ],
      exports: [...configProviders.map((p) => p.provide), Metrics, NatsConnectionService, ServiceClient, RpcContextInterceptor],
    };
  }
}
