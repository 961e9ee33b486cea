import { IsBoolean, IsIn, IsInt, IsISO8601, IsString } from 'class-validator';
import { event } from '../../message';

export const APPLICATION_STATUSES = ['applied', 'viewed', 'shortlisted', 'interview', 'accepted', 'rejected', 'withdrawn'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

class ApplicationEventBase {
  @IsInt() application_id: number;
  @IsInt() job_id: number;
  @IsInt() candidate_id: number;
  @IsInt() employer_id: number;
}

export class ApplicationCreatedEvent extends ApplicationEventBase {
  @IsString() job_title: string;
  @IsString() candidate_name: string;
  @IsISO8601() applied_at: string;
}

export class ApplicationStatusChangedEvent extends ApplicationEventBase {
  @IsString() job_title: string;
  @IsIn(APPLICATION_STATUSES) old_status: ApplicationStatus;
  @IsIn(APPLICATION_STATUSES) new_status: ApplicationStatus;
  @IsISO8601() changed_at: string;
}

export class ApplicationWithdrawnEvent extends ApplicationEventBase {}

export class ApplicationDeletedEvent extends ApplicationEventBase {
  /** Whether it was still counted in the job's applications_count (not withdrawn). */
  @IsBoolean() counted: boolean;
}

/** A candidate applied: the employer is notified, the job's applications_count goes up. */
export const APPLICATION_CREATED = event<ApplicationCreatedEvent>('events.applications.application.created.v1', ApplicationCreatedEvent);
/** The employer moved an application along: the candidate is notified. */
export const APPLICATION_STATUS_CHANGED = event<ApplicationStatusChangedEvent>(
  'events.applications.application.status_changed.v1',
  ApplicationStatusChangedEvent,
);
/** The candidate withdrew: applications_count goes down. */
export const APPLICATION_WITHDRAWN = event<ApplicationWithdrawnEvent>(
  'events.applications.application.withdrawn.v1',
  ApplicationWithdrawnEvent,
);
/** An application was removed with an account: applications_count goes down when it counted. */
export const APPLICATION_DELETED = event<ApplicationDeletedEvent>('events.applications.application.deleted.v1', ApplicationDeletedEvent);
