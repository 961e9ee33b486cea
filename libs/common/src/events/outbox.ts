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
    const headers: Record<string, string> = {};
    const correlationId = RequestContext.correlationId();
    if (correlationId) headers[CORRELATION_HEADER] = correlationId;
    await manager.query(`INSERT INTO ${this.service}.outbox (id, subject, payload, headers) VALUES ($1, $2, $3, $4)`, [
      id,
      message.subject,
      JSON.stringify(payload),
      JSON.stringify(headers),
    ]);
    // A hint only: the caller's transaction may not have committed yet; the relay also polls.
    this.listeners.forEach((listener) => listener());
    return id;
  }

  /** The relay subscribes to learn that there is something to publish. */
  onEnqueued(listener: () => void): void {
    this.listeners.push(listener);
  }
}
