import { Inject, Injectable } from '@nestjs/common';
import { CORRELATION_HEADER, EventMessage, ServiceName } from '@app/contracts';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { RequestContext } from '../context/request-context';

export const SERVICE_NAME = Symbol('SERVICE_NAME');

/** Header the relay adds: when the event's outbox row was written (ISO-8601), for end-to-end lag. */
export const EVENT_CREATED_AT_HEADER = 'x-event-created-at';

/**
 * Records an event in the service's outbox inside the caller's transaction: the fact and its event
 * commit together or not at all. The relay publishes it later (see OutboxRelay).
 */
@Injectable()
export class Outbox {
  private readonly listeners: Array<() => void> = [];

  constructor(@Inject(SERVICE_NAME) private readonly service: ServiceName) {}

  /** Returns the event id (also the JetStream message id, so a republish is deduplicated). */
  async enqueue<P extends object>(manager: EntityManager, message: EventMessage<P>, payload: P): Promise<string> {
    const id = randomUUID();
    await manager.query(`INSERT INTO ${this.service}.outbox (id, subject, payload, headers) VALUES ($1, $2, $3, $4)`, [
      id,
      message.subject,
      JSON.stringify(payload),
      this.headers(),
    ]);
    this.enqueued();
    return id;
  }

  /**
   * The event of a fact written by the same statement, as a data-modifying CTE: `WITH fact AS (INSERT …
   * RETURNING …), event AS (${sql}) SELECT … FROM fact`. One statement is atomic on its own, so the fact
   * and its event take one round trip instead of a transaction's four (BEGIN, fact, event, COMMIT).
   * `known` are the payload's fields the caller has; `decidedSql`, a jsonb expression over `fact`'s
   * columns, adds those the write decides (its id, its time). Its params are numbered from `firstParam`.
   * Call `enqueued()` once the statement has run.
   */
  eventOf<P extends object, K extends keyof P>(
    message: EventMessage<P>,
    known: Omit<P, K>,
    decidedSql: string,
    fact: string,
    firstParam: number,
  ): { sql: string; params: unknown[] } {
    const n = firstParam;
    return {
      sql: `INSERT INTO ${this.service}.outbox (id, subject, payload, headers)
        SELECT $${n}::uuid, $${n + 1}, $${n + 2}::jsonb || ${decidedSql}, $${n + 3}::jsonb FROM ${fact}`,
      params: [randomUUID(), message.subject, JSON.stringify(known), this.headers()],
    };
  }

  /** A hint to the relay: the caller's transaction may not have committed yet; the relay also polls. */
  enqueued(): void {
    this.listeners.forEach((listener) => listener());
  }

  private headers(): string {
    const headers: Record<string, string> = {};
    const correlationId = RequestContext.correlationId();
    if (correlationId) headers[CORRELATION_HEADER] = correlationId;
    return JSON.stringify(headers);
  }

  /** The relay subscribes to learn that there is something to publish. */
  onEnqueued(listener: () => void): void {
    this.listeners.push(listener);
  }
}
