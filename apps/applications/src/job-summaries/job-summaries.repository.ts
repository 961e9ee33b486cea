import { Injectable } from '@nestjs/common';
import { ApplicationJobSummary, JobChangedEvent } from '@app/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { prepared } from '@app/db';

/** The summary an application answer shows, as JSON built from the job_summaries row `s`. */
export const SUMMARY_JSON = `jsonb_build_object('id', s.id, 'title', s.title, 'company_name', s.company_name, 'location', s.location,
  'location_type', s.location_type, 'job_type', s.job_type, 'salary_min', s.salary_min, 'salary_max', s.salary_max, 'currency', s.currency)`;

/** What applying checks of a job, from the read model, and the summary its answer shows. */
export interface ApplyJob {
  id: number;
  employer_id: number;
  title: string;
  company_name: string;
  status: string;
  /** expires_at <= now(), by the database's clock (as the jobs service decides it). */
  expired: boolean;
  summary: ApplicationJobSummary;
}

/** The SQL of applications.job_summaries: this service's copy of the job summaries, fed by job events. */
@Injectable()
export class JobSummariesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores the summary unless the row already holds this version or a newer one (a replay, a late copy). */
  async upsert(manager: EntityManager, job: JobChangedEvent): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO applications.job_summaries AS s
         (id, employer_id, title, company_name, location, location_type, job_type, salary_min, salary_max, currency, status, expires_at, version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (id) DO UPDATE SET employer_id = EXCLUDED.employer_id, title = EXCLUDED.title,
         company_name = EXCLUDED.company_name, location = EXCLUDED.location, location_type = EXCLUDED.location_type,
         job_type = EXCLUDED.job_type, salary_min = EXCLUDED.salary_min, salary_max = EXCLUDED.salary_max,
         currency = EXCLUDED.currency, status = EXCLUDED.status, expires_at = EXCLUDED.expires_at, version = EXCLUDED.version
       WHERE EXCLUDED.version > s.version
       RETURNING s.id`,
      [
        job.job_id,
        job.employer_id,
        job.title,
        job.company_name,
        job.location ?? null,
        job.location_type,
        job.job_type,
        job.salary_min ?? null,
        job.salary_max ?? null,
        job.currency,
        job.status,
        job.expires_at ?? null,
        job.version,
      ],
    );
    return rows.length > 0;
  }

  async delete(manager: EntityManager, jobId: number): Promise<void> {
    await manager.query(`DELETE FROM applications.job_summaries WHERE id = $1`, [jobId]);
  }

  async forApply(jobId: number): Promise<ApplyJob | undefined> {
    const [row] = await this.dataSource.query(
      prepared(`SELECT id, employer_id, title, company_name, status, COALESCE(expires_at <= now(), false) AS expired, ${SUMMARY_JSON} AS summary
         FROM applications.job_summaries s WHERE id = $1`),
      [jobId],
    );
    return row;
  }

  /** The highest job id known (0 when none). */
  async newestId(): Promise<number> {
    const [row] = await this.dataSource.query(`SELECT coalesce(max(id), 0)::int AS id FROM applications.job_summaries`);
    return row.id;
  }
}
