import type { Outbox } from '@app/common';
import { JOB_CHANGED, JobChangedEvent } from '@app/contracts';
import { EntityManager } from 'typeorm';
import { isoText } from '@app/db';

/**
 * The JOB_CHANGED payload of a jobs.jobs row, built by the statement that writes the row
 * (`RETURNING ${JOB_CHANGED_PAYLOAD} AS event`), so the event carries exactly what was committed,
 * version included.
 */
export const JOB_CHANGED_PAYLOAD = `jsonb_build_object(
  'job_id', id, 'employer_id', employer_id, 'title', title, 'company_name', company_name, 'location', location,
  'location_type', location_type::text, 'job_type', job_type::text, 'salary_min', salary_min, 'salary_max', salary_max,
  'currency', currency::text, 'status', status::text,
  'expires_at', ${isoText('expires_at')}, 'version', version)`;

/** Fields of the summary other services keep (JOB_CHANGED): writing any of them bumps `version`. */
export const SUMMARY_FIELDS: ReadonlySet<string> = new Set([
  'employer_id',
  'title',
  'company_name',
  'location',
  'location_type',
  'job_type',
  'salary_min',
  'salary_max',
  'currency',
  'status',
  'expires_at',
]);

/** Enqueues JOB_CHANGED for each changed job, in the caller's transaction (the one that changed them). */
export async function enqueueJobChanges(outbox: Outbox, manager: EntityManager, events: JobChangedEvent[]): Promise<void> {
  for (const payload of events) await outbox.enqueue(manager, JOB_CHANGED, payload);
}
