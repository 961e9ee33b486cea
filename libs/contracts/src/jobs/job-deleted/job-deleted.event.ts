import { IsInt } from 'class-validator';
import { event } from '../../message';

/** A job was deleted (by its owner, or with its owner's account): its applications go with it. */
export class JobDeletedEvent {
  @IsInt() job_id: number;
  @IsInt() employer_id: number;
}

export const JOB_DELETED = event<JobDeletedEvent>('events.jobs.job.deleted.v1', JobDeletedEvent);
