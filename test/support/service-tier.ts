import { DynamicModule, Global, Module, ModuleMetadata, Type } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { Test, TestingModule } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  BaseConfig,
  CountsCache,
  EventConsumers,
  Maintenance,
  Metrics,
  Outbox,
  ReadDatabase,
  RemoteError,
  SERVICE_NAME,
  ServiceClient,
  withRequestDeadlines,
} from '@app/common';
import { COMMON_ERRORS, RequestOf, ResponseOf, RpcMessage, ServiceName } from '@app/contracts';
import { createTestDatabase, dataSourceOptions, DbConfig, TestDatabase } from '@app/db';
import { Client } from 'pg';

/**
 * The service tier (docs/architecture.md "Test tiers"): a service's own classes from its real feature
 * modules, on a real migrated database, with no NATS and no HTTP. ServiceModule's NATS pieces are
 * replaced: ServiceClient by FakeServiceClient (canned answers), EventConsumers by a registry that
 * only records what the features register (nothing is consumed). Everything else is the real thing:
 * the service's role and schema, its DeadlinePool, Outbox, CountsCache, ReadDatabase, Maintenance.
 */

type Reply<M> = (payload: RequestOf<M>) => ResponseOf<M> | Promise<ResponseOf<M>>;

/**
 * Stands in for ServiceClient: answers the subjects given canned replies, and records every request.
 * A subject with no reply fails as the real client does when nobody answers (SERVICE_UNAVAILABLE),
 * so a service that starts asking something new is noticed.
 */
class FakeServiceClient {
  readonly calls: Array<{ subject: string; payload: unknown }> = [];
  private readonly replies = new Map<string, (payload: unknown) => unknown>();

  answer<M extends RpcMessage<unknown, unknown>>(message: M, reply: Reply<M>): this {
    this.replies.set(message.subject, reply as (payload: unknown) => unknown);
    return this;
  }

  callsTo(message: RpcMessage<unknown, unknown>): unknown[] {
    return this.calls.filter((c) => c.subject === message.subject).map((c) => c.payload);
  }

  async request<M extends RpcMessage<unknown, unknown>>(message: M, payload: RequestOf<M>): Promise<ResponseOf<M>> {
    this.calls.push({ subject: message.subject, payload });
    const reply = this.replies.get(message.subject);
    if (!reply) {
      throw new RemoteError(
        { code: COMMON_ERRORS.SERVICE_UNAVAILABLE.code, message: `No canned answer for ${message.subject}` },
        message.subject,
      );
    }
    return (await reply(payload)) as ResponseOf<M>;
  }
}

/** Records the consumers the features register; they never run (no NATS here). */
class RecordedConsumers {
  readonly names: string[] = [];
  register(definition: { name: string }): void {
    this.names.push(definition.name);
  }
}

export interface ServiceTierOptions {
  service: ServiceName;
  /** The service's config object (its own class, e.g. JobsConfig), registered as BaseConfig too. */
  config: BaseConfig;
  configClass: Type<BaseConfig>;
  /** The service's feature modules under test, e.g. ApplicationsModule. */
  imports: ModuleMetadata['imports'];
  /** Extra providers (e.g. JwtConfig for auth). */
  providers?: ModuleMetadata['providers'];
}

@Global()
@Module({})
class ServiceTierModule {
  static forService(
    options: ServiceTierOptions,
    dbConfig: DbConfig,
    services: FakeServiceClient,
    consumers: RecordedConsumers,
  ): DynamicModule {
    const { service, config, configClass } = options;
    return {
      module: ServiceTierModule,
      imports: [
        TypeOrmModule.forRoot({ ...withRequestDeadlines(dataSourceOptions(service, dbConfig)), autoLoadEntities: true }),
        // Maintenance needs the registry; DB_MAINTENANCE_INTERVAL_S = 0 schedules nothing.
        ScheduleModule.forRoot(),
      ],
      providers: [
        { provide: DbConfig, useValue: dbConfig },
        { provide: SERVICE_NAME, useValue: service },
        { provide: BaseConfig, useValue: config },
        { provide: configClass, useValue: config },
        { provide: Metrics, useValue: new Metrics(service) },
        { provide: ServiceClient, useValue: services },
        { provide: EventConsumers, useValue: consumers },
        Outbox,
        CountsCache,
        ReadDatabase,
        Maintenance,
        ...(options.providers ?? []),
      ],
      exports: [
        DbConfig,
        SERVICE_NAME,
        BaseConfig,
        configClass,
        Metrics,
        ServiceClient,
        EventConsumers,
        Outbox,
        CountsCache,
        ReadDatabase,
        Maintenance,
        ...(options.providers ?? []),
      ],
    };
  }
}

export interface ServiceTier {
  moduleRef: TestingModule;
  /** The canned answers to other services' requests; add some with `services.answer(...)`. */
  services: FakeServiceClient;
  consumers: RecordedConsumers;
  db: TestDatabase;
  /** Connected as the admin of the test database: reads any schema to check what the service wrote. */
  admin: Client;
  /** A provider of the service's modules (services, repositories), wherever it is declared. */
  get<T>(type: Type<T>): T;
  /** The service's outbox rows of one subject, oldest first (payload parsed). */
  outbox<P = Record<string, unknown>>(subject: { subject: string }): Promise<Array<{ id: string; payload: P; published_at: Date | null }>>;
  close(): Promise<void>;
}

/** A new migrated database and the service's modules on it (one per spec file: files may run in parallel). */
export async function startServiceTier(options: ServiceTierOptions): Promise<ServiceTier> {
  const db = await createTestDatabase(`svc_${options.service}`);
  const admin = new Client({ connectionString: db.url });
  const services = new FakeServiceClient();
  const consumers = new RecordedConsumers();
  let moduleRef: TestingModule | undefined;
  try {
    await admin.connect();
    // Counts are counted every time, so a test sees its own writes; no scheduled maintenance.
    const dbConfig = Object.assign(new DbConfig(), db.config, { DB_COUNTS_TTL_MS: 0, DB_MAINTENANCE_INTERVAL_S: 0, DB_POOL_MAX: 4 });
    moduleRef = await Test.createTestingModule({
      imports: [ServiceTierModule.forService(options, dbConfig, services, consumers), ...(options.imports ?? [])],
    }).compile();
    await moduleRef.init();
  } catch (err) {
    await moduleRef?.close().catch(() => undefined);
    await admin.end().catch(() => undefined);
    await db.drop();
    throw err;
  }
  const ref = moduleRef;
  return {
    moduleRef: ref,
    services,
    consumers,
    db,
    admin,
    get: <T>(type: Type<T>) => ref.get(type, { strict: false }),
    async outbox<P>(message: { subject: string }) {
      const { rows } = await admin.query(
        `SELECT id, payload, published_at FROM ${options.service}.outbox WHERE subject = $1 ORDER BY created_at, id`,
        [message.subject],
      );
      return rows as Array<{ id: string; payload: P; published_at: Date | null }>;
    },
    async close() {
      await ref.close();
      await admin.end();
      await db.drop();
    },
  };
}
