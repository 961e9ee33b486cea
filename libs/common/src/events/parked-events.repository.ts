import { Inject, Injectable } from '@nestjs/common';
import { ParkedEvent, ServiceName } from '@app/contracts';
import { queryOne, queryRows } from '@app/db';
import { DataSource, EntityManager } from 'typeorm';
import { SERVICE_NAME } from './outbox';

/** What a consumer gives up on: stored as it came, for an operator to look at and replay. */
export interface ParkedRow {
  consumer: string;
  eventId: string;
  subject: string;
  /** The JSON payload, or `{raw}` when it was not JSON. */
  payload: unknown;
  error: string;
  deliveries: number;
}

/** Longest error text kept with a parked event. */
const MAX_ERROR_CHARS = 2000;

/** The SQL of `<service>.parked_events`: events consumers gave up on (see EventConsumers and ParkedEvents). */
@Injectable()
export class ParkedEventsRepository {
  constructor(
    @Inject(SERVICE_NAME) private readonly service: ServiceName,
    private readonly dataSource: DataSource,
  ) {}

  async insert(row: ParkedRow): Promise<void> {
    await queryRows(
      this.dataSource.manager,
      `INSERT INTO ${this.service}.parked_events (consumer, event_id, subject, payload, error, deliveries) VALUES ($1, $2, $3, $4, $5, $6)`,
      [row.consumer, row.eventId, row.subject, JSON.stringify(row.payload), row.error.slice(0, MAX_ERROR_CHARS), row.deliveries],
    );
  }

  /** Newest first, and how many there are in all. */
  async list(limit: number): Promise<{ events: ParkedEvent[]; total: number }> {
    const manager = this.dataSource.manager;
    const [events, count] = await Promise.all([
      queryRows<ParkedEvent>(
        manager,
        `SELECT id::int AS id, consumer, event_id, subject, payload, error, deliveries, parked_at
         FROM ${this.service}.parked_events ORDER BY parked_at DESC, id DESC LIMIT $1`,
        [limit],
      ),
      queryOne<{ n: number }>(manager, `SELECT count(*)::int AS n FROM ${this.service}.parked_events`),
    ]);
    return { events, total: count?.n ?? 0 };
  }

  /** Parked events per consumer (the `events_parked` gauge). */
  countByConsumer(): Promise<Array<{ consumer: string; n: number }>> {
    return queryRows(this.dataSource.manager, `SELECT consumer, count(*)::int AS n FROM ${this.service}.parked_events GROUP BY consumer`);
  }

  find(id: number): Promise<Pick<ParkedEvent, 'id' | 'consumer' | 'event_id' | 'subject' | 'payload'> | undefined> {
    return queryOne(
      this.dataSource.manager,
      `SELECT id::int AS id, consumer, event_id, subject, payload FROM ${this.service}.parked_events WHERE id = $1`,
      [id],
    );
  }

  /** In the replay's transaction: false when the row is gone (replayed meanwhile). */
  async delete(manager: EntityManager, id: number): Promise<boolean> {
    const deleted = await queryRows(manager, `DELETE FROM ${this.service}.parked_events WHERE id = $1 RETURNING id`, [id]);
    return deleted.length > 0;
  }

  async setError(id: number, error: string): Promise<void> {
    await queryRows(this.dataSource.manager, `UPDATE ${this.service}.parked_events SET error = $2 WHERE id = $1`, [
      id,
      error.slice(0, MAX_ERROR_CHARS),
    ]);
  }
}
