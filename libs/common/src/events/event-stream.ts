import { EVENTS_STREAM, EVENTS_SUBJECT_PREFIX } from '@app/contracts';
import { JetStreamManager, RetentionPolicy, StorageType, nanos } from 'nats';

/** How long JetStream remembers a message id: a relay that republishes within it is deduplicated. */
export const EVENTS_DUPLICATE_WINDOW_MS = 10 * 60 * 1000;

/** How long the stream keeps a message: the last moment it can be (re)delivered to a consumer. */
export const EVENTS_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * How long a consumer must remember an event it processed (processed_events): a copy stored in the stream
 * before that row's processed_at is gone after max_age, and a relay's republish within the duplicate window
 * never becomes a new copy; past both, no copy of the event can be delivered again (docs/operations.md "Retention").
 */
export const PROCESSED_EVENTS_RETENTION_MS = EVENTS_MAX_AGE_MS + EVENTS_DUPLICATE_WINDOW_MS;

/**
 * Creates the events stream, or brings its settings up to date; safe to call from every process
 * at every start, concurrently.
 */
export async function ensureEventStream(jsm: JetStreamManager, replicas: number): Promise<void> {
  const config = {
    num_replicas: replicas,
    name: EVENTS_STREAM,
    subjects: [`${EVENTS_SUBJECT_PREFIX}>`],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    max_age: nanos(EVENTS_MAX_AGE_MS),
    duplicate_window: nanos(EVENTS_DUPLICATE_WINDOW_MS),
  };
  try {
    await jsm.streams.info(EVENTS_STREAM);
    await jsm.streams.update(EVENTS_STREAM, config);
  } catch (err) {
    if (!isStreamNotFound(err)) throw err;
    try {
      await jsm.streams.add(config);
    } catch (addErr) {
      // Another process created it between our info and add: that is the state we wanted.
      if (!/already in use/i.test(String((addErr as Error).message))) throw addErr;
    }
  }
}

function isStreamNotFound(err: unknown): boolean {
  const e = err as { code?: string; api_error?: { err_code?: number }; message?: string };
  return e?.api_error?.err_code === 10059 || /stream not found/i.test(e?.message ?? '');
}
