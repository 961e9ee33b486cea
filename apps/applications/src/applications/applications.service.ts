import { Injectable } from '@nestjs/common';
import {
  APPLICATION_CREATED,
  ApplicationCreatedEvent,
  APPLICATION_STATUS_CHANGED,
  APPLICATION_WITHDRAWN,
  ApplicationCv,
  ApplicationJobSummary,
  APPLICATIONS_ERRORS,
  APPLICATIONS_SET_NOTES,
  APPLICATIONS_SET_STATUS,
  ApplyRequest,
  AUTH_USERS_GET_MANY,
  EmployerApplication,
  EmployerApplicationsRequest,
  MessageResponse,
  msg,
  MyApplication,
  MyApplicationsRequest,
  okMessage,
  Page,
  ResponseOf,
  SetNotesRequest,
  SetStatusRequest,
  UserSummary,
} from '@app/contracts';
import { CountsCache, DomainError, Outbox, pageFields, pageOffset, ServiceClient } from '@app/common';
import { pgCode, pgConstraint, PG_UNIQUE_VIOLATION } from '@app/db';
import { DataSource } from 'typeorm';
import { ApplyJob, JobSummariesRepository } from '../job-summaries/job-summaries.repository';
import { canTransition, canWithdraw } from './application-status';
import { employerDashboardKey } from '../dashboard/dashboard.repository';
import { ApplicationRow, ApplicationsRepository, CandidateApplicationRow } from './applications.repository';

const LIVE_KEY = 'job_applications_live_key';

/**
 * How long applying waits for a job it does not know yet, or does not know as published: the
 * JOB_CHANGED of a job published a moment ago may still be on its way (the jobs relay publishes
 * within ~200 ms, the consumer applies it within milliseconds). Polled, with growing pauses.
 * An unknown id is waited for only when it is just above the newest job known (ids are given in
 * order, and a job cannot have been created much further on): any other is a 404 at once, so made-up
 * ids cost no wait.
 */
export const JOB_EVENT_WAIT_MS = 2000;
const JOB_EVENT_POLL_MS = [20, 40, 80, 160, 250];
/** How far above the newest known job id a new job's id may plausibly be. */
const NEW_JOB_ID_WINDOW = 1000;

export function displayName(user: Pick<UserSummary, 'first_name' | 'last_name' | 'email'> | undefined): string {
  const name = `${user?.first_name ?? ''} ${user?.last_name ?? ''}`.trim();
  return name || user?.email || 'A candidate';
}

/** The rules of applying, withdrawing and moving an application along; every change enqueues its event in the same transaction. */
@Injectable()
export class ApplicationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: ApplicationsRepository,
    private readonly summaries: JobSummariesRepository,
    private readonly outbox: Outbox,
    private readonly services: ServiceClient,
    private readonly counts: CountsCache,
  ) {}

  async apply(request: ApplyRequest): Promise<MyApplication> {
    // Side by side: the job check is local (read model), the candidate's name and CV come from auth.
    const [job, { users }] = await Promise.all([
      this.openJob(request.job_id),
      this.services.request(AUTH_USERS_GET_MANY, { user_ids: [request.candidate_id] }),
    ]);
    const candidate = users.find((u) => u.id === request.candidate_id);
    const candidateName = displayName(candidate);
    let row: ApplicationRow;
    try {
      // One statement writes the application and its event (no transaction round trips: the hot write).
      row = await this.repository.insert(
        {
          job_id: job.id,
          candidate_id: request.candidate_id,
          employer_id: job.employer_id,
          job_title: job.title,
          company_name: job.company_name,
          cover_letter: request.cover_letter ?? null,
          // Consent covers the CV the candidate has now, not one uploaded later (issue 11).
          cv_id: candidate?.cv_id ?? null,
        },
        (fact, firstParam) =>
          this.outbox.eventOf<ApplicationCreatedEvent, 'application_id' | 'applied_at'>(
            APPLICATION_CREATED,
            {
              job_id: job.id,
              candidate_id: request.candidate_id,
              employer_id: job.employer_id,
              job_title: job.title,
              candidate_name: candidateName,
            },
            `jsonb_build_object('application_id', ${fact}.id, 'applied_at', ${fact}.applied_at)`,
            fact,
            firstParam,
          ),
      );
      this.outbox.enqueued();
      this.counts.forget(employerDashboardKey(job.employer_id));
    } catch (err) {
      // The partial unique index is the rule: a concurrent double submit loses here, and nothing is stored.
      if (pgCode(err) === PG_UNIQUE_VIOLATION && pgConstraint(err) === LIVE_KEY) {
        throw new DomainError(APPLICATIONS_ERRORS.ALREADY_APPLIED);
      }
      throw err;
    }
    return toMyApplication({ ...row, job: job.summary });
  }

  async listMine(request: MyApplicationsRequest): Promise<Page<MyApplication>> {
    const { page, limit } = request;
    const { rows, total } = await this.repository.listForCandidate(request.candidate_id, {
      status: request.status,
      limit,
      offset: pageOffset(page, limit),
    });
    return { applications: rows.map(toMyApplication), ...pageFields(total, page, limit) };
  }

  async getMine(candidateId: number, id: number): Promise<MyApplication> {
    const row = await this.repository.findForCandidate(candidateId, id);
    if (!row) throw notFound();
    return toMyApplication(row);
  }

  async withdraw(candidateId: number, id: number): Promise<MessageResponse> {
    const employerId = await this.dataSource.transaction(async (manager) => {
      const row = await this.repository.lockForCandidate(manager, candidateId, id);
      if (!row) throw notFound();
      if (row.status === 'withdrawn') throw new DomainError(APPLICATIONS_ERRORS.ALREADY_WITHDRAWN);
      if (!canWithdraw(row.status)) {
        throw new DomainError(APPLICATIONS_ERRORS.CANNOT_WITHDRAW, msg('error.application.cannot_withdraw', { status: row.status }));
      }
      await this.repository.setStatus(manager, row.id, 'withdrawn');
      await this.outbox.enqueue(manager, APPLICATION_WITHDRAWN, {
        application_id: row.id,
        job_id: row.job_id,
        candidate_id: row.candidate_id,
        employer_id: row.employer_id,
      });
      return row.employer_id;
    });
    this.counts.forget(employerDashboardKey(employerId));
    return okMessage('ok.application_withdrawn');
  }

  async listForEmployer(request: EmployerApplicationsRequest): Promise<Page<EmployerApplication>> {
    const { page, limit } = request;
    const { rows, total } = await this.repository.listForEmployer(request.employer_id, {
      status: request.status,
      job_id: request.job_id,
      limit,
      offset: pageOffset(page, limit),
    });
    const candidateIds = [...new Set(rows.map((r) => r.candidate_id))];
    const users = new Map<number, UserSummary>();
    if (candidateIds.length) {
      const answer = await this.services.request(AUTH_USERS_GET_MANY, { user_ids: candidateIds });
      for (const user of answer.users) users.set(user.id, user);
    }
    return {
      applications: rows.map((r) => {
        const user = users.get(r.candidate_id);
        return {
          id: r.id,
          job_id: r.job_id,
          job_title: r.job_title,
          candidate_id: r.candidate_id,
          candidate_name: displayName(user),
          candidate_email: user?.email ?? null,
          candidate_phone: user?.phone ?? null,
          status: r.status,
          applied_at: r.applied_at,
          cover_letter: r.cover_letter,
          notes: r.notes,
          has_cv: submittedCv(r, user) !== null,
        };
      }),
      ...pageFields(total, page, limit),
    };
  }

  /** The CV the employer may read for one of its applications: the one sent with it, while not withdrawn. */
  async candidateOf(employerId: number, id: number): Promise<ApplicationCv> {
    const row = await this.repository.findForEmployer(employerId, id);
    if (!row) throw notFound();
    const cv = submittedCv(row);
    return { candidate_id: row.candidate_id, cv_id: cv?.cv_id ?? null, cv_uploaded_by: cv?.uploaded_by ?? null };
  }

  async setStatus(request: SetStatusRequest): Promise<ResponseOf<typeof APPLICATIONS_SET_STATUS>> {
    const next = request.status;
    await this.dataSource.transaction(async (manager) => {
      const row = await this.repository.lockForEmployer(manager, request.employer_id, request.application_id);
      if (!row) throw notFound();
      if (row.status === next) return; // nothing changes: no event
      if (!canTransition(row.status, next)) {
        throw new DomainError(APPLICATIONS_ERRORS.INVALID_TRANSITION, msg('error.application.transition', { from: row.status, to: next }), {
          from: row.status,
          to: next,
        });
      }
      const changedAt = await this.repository.setStatus(manager, row.id, next);
      await this.outbox.enqueue(manager, APPLICATION_STATUS_CHANGED, {
        application_id: row.id,
        job_id: row.job_id,
        candidate_id: row.candidate_id,
        employer_id: row.employer_id,
        job_title: row.job_title,
        old_status: row.status,
        new_status: next,
        changed_at: changedAt,
      });
    });
    this.counts.forget(employerDashboardKey(request.employer_id));
    return { ...okMessage('ok.application_status_updated'), application_id: request.application_id, new_status: next };
  }

  async setNotes(request: SetNotesRequest): Promise<ResponseOf<typeof APPLICATIONS_SET_NOTES>> {
    const notes = request.notes ?? null;
    if (!(await this.repository.setNotes(request.employer_id, request.application_id, notes))) throw notFound();
    return { ...okMessage('ok.notes_updated'), application_id: request.application_id, notes };
  }

  async hasApplied(candidateId: number, jobIds: number[]): Promise<{ job_ids: number[] }> {
    return { job_ids: await this.repository.liveJobIds(candidateId, jobIds) };
  }

  /**
   * The job from the read model if one may apply to it: known, published and not expired (by the
   * database's clock, as the jobs service decides), else APPLICATIONS.JOB_NOT_FOUND. A job unknown
   * or not published may have changed a moment ago: it is looked at again for up to JOB_EVENT_WAIT_MS.
   * No request to the jobs service: applying works while it is down.
   */
  private async openJob(jobId: number): Promise<ApplyJob> {
    const deadline = Date.now() + JOB_EVENT_WAIT_MS;
    for (let attempt = 0; ; attempt++) {
      const job = await this.summaries.forApply(jobId);
      if (job && job.status === 'published' && !job.expired) return job;
      const pause = JOB_EVENT_POLL_MS[Math.min(attempt, JOB_EVENT_POLL_MS.length - 1)];
      // An expired job stays expired; waiting only helps an event still on its way.
      const onItsWay = job ? !job.expired : attempt > 0 || (await this.mayBeNewJob(jobId));
      if (!onItsWay || Date.now() + pause > deadline) throw new DomainError(APPLICATIONS_ERRORS.JOB_NOT_FOUND);
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }

  private async mayBeNewJob(jobId: number): Promise<boolean> {
    const newest = await this.summaries.newestId();
    return jobId > newest && jobId <= newest + NEW_JOB_ID_WINDOW;
  }
}

/**
 * The one rule of which CV an employer may see: none once the candidate withdrew; the CV recorded at
 * apply time; for an application older than that record (`cv_recorded` false), the candidate's newest
 * CV uploaded by its applied_at (`user`, when given, tells whether they have any CV at all).
 */
function submittedCv(
  row: Pick<ApplicationRow, 'status' | 'cv_id' | 'cv_recorded' | 'applied_at'>,
  user?: Pick<UserSummary, 'has_cv'>,
): { cv_id: number; uploaded_by?: undefined } | { uploaded_by: string; cv_id?: undefined } | null {
  if (row.status === 'withdrawn') return null;
  if (row.cv_recorded) return row.cv_id === null ? null : { cv_id: row.cv_id };
  if (user && !user.has_cv) return null;
  return { uploaded_by: row.applied_at };
}

function notFound(): DomainError {
  return new DomainError(APPLICATIONS_ERRORS.NOT_FOUND);
}

/** The job's current summary from the read model, or the apply-time snapshot (title, company) when it is gone. */
function snapshotSummary(row: ApplicationRow): ApplicationJobSummary {
  return {
    id: row.job_id,
    title: row.job_title,
    company_name: row.company_name,
    location: null,
    location_type: null,
    job_type: null,
    salary_min: null,
    salary_max: null,
    currency: null,
  };
}

function toMyApplication(row: CandidateApplicationRow): MyApplication {
  return {
    id: row.id,
    job_id: row.job_id,
    candidate_id: row.candidate_id,
    status: row.status,
    applied_at: row.applied_at,
    notes: row.notes,
    cover_letter: row.cover_letter,
    job_title: row.job_title,
    company_name: row.company_name,
    job: row.job ?? snapshotSummary(row),
  };
}
