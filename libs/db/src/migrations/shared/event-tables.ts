import { ServiceName } from '@app/contracts';

/**
 * The event plumbing every service schema has (outbox, processed_events, parked_events), as the four
 * Init migrations created it. Frozen like the migrations themselves: they already ran in production,
 * so an edit here would make a fresh database differ from a migrated one. Change the tables with a
 * new migration instead; event-tables.spec.ts pins the SQL byte for byte.
 *
 * The text is spliced into the migrations' SQL after their own indentation, so its first line has
 * none and the others carry the migrations' six spaces.
 */
export function createEventTablesSql(schema: ServiceName): string {
  return `-- Event plumbing (same shape in every schema).
      CREATE TABLE ${schema}.outbox (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subject text NOT NULL,
        payload jsonb NOT NULL,
        headers jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        published_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text
      );
      CREATE INDEX outbox_unpublished_idx ON ${schema}.outbox (created_at) WHERE published_at IS NULL;

      CREATE TABLE ${schema}.processed_events (
        consumer text NOT NULL,
        event_id uuid NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      );

      CREATE TABLE ${schema}.parked_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        consumer text NOT NULL,
        event_id text NOT NULL,
        subject text NOT NULL,
        payload jsonb,
        error text NOT NULL,
        deliveries integer NOT NULL,
        parked_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX parked_events_consumer_idx ON ${schema}.parked_events (consumer, parked_at DESC);`;
}

/** Drops what createEventTablesSql made (same splicing as above). */
export function dropEventTablesSql(schema: ServiceName): string {
  return `DROP TABLE ${schema}.parked_events;
      DROP TABLE ${schema}.processed_events;
      DROP TABLE ${schema}.outbox;`;
}
