import { Injectable } from '@nestjs/common';
import { Company, CompanyListItem, CompanyStats, JobChangedEvent } from '@app/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { JOB_CHANGED_PAYLOAD } from '../jobs/job-changed';
import { queryOne, queryRows } from '@app/db';

const COLUMNS =
  'id, name, description, industry, size, website_url, linkedin_url, address, city, country, logo_url, created_at, updated_at';
export const COMPANY_FIELDS = [
  'name',
  'description',
  'industry',
  'size',
  'website_url',
  'linkedin_url',
  'address',
  'city',
  'country',
  'logo_url',
] as const;

@Injectable()
export class CompaniesRepository {
  constructor(private readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  byId(id: number, manager = this.manager): Promise<Company | undefined> {
    return queryOne<Company>(manager, `SELECT ${COLUMNS} FROM jobs.companies WHERE id = $1`, [id]);
  }

  /**
   * The company a new job copies its name from, share-locked until the job is inserted: a rename
   * waits for it (and then renames the new job too), or the job waits for the rename and reads the new name.
   */
  forNewJob(manager: EntityManager, id: number): Promise<{ id: number; name: string } | undefined> {
    return queryOne(manager, `SELECT id, name FROM jobs.companies WHERE id = $1 FOR SHARE`, [id]);
  }

  async membership(userId: number, manager = this.manager): Promise<number | null> {
    const row = await queryOne<{ company_id: number }>(manager, `SELECT company_id FROM jobs.company_members WHERE user_id = $1`, [userId]);
    return row?.company_id ?? null;
  }

  async insert(manager: EntityManager, createdBy: number, values: Record<string, unknown>): Promise<Company> {
    const columns = Object.keys(values);
    const row = await queryOne<Company>(
      manager,
      `INSERT INTO jobs.companies (created_by, ${columns.join(', ')}) VALUES ($1, ${columns.map((_c, i) => `$${i + 2}`).join(', ')}) RETURNING ${COLUMNS}`,
      [createdBy, ...Object.values(values)],
    );
    return row!;
  }

  async update(manager: EntityManager, id: number, values: Record<string, unknown>): Promise<Company> {
    const columns = Object.keys(values);
    const set = columns.map((c, i) => `${c} = $${i + 2}`).join(', ');
    const row = await queryOne<Company>(
      manager,
      `UPDATE jobs.companies SET ${set ? `${set}, ` : ''}updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, ...Object.values(values)],
    );
    return row!;
  }

  /**
   * Keeps the denormalised name of the company's jobs in step (same transaction as the rename):
   * a new version of each renamed job, whose JOB_CHANGED payloads are answered.
   */
  async renameJobs(manager: EntityManager, companyId: number, name: string): Promise<JobChangedEvent[]> {
    const rows = await queryRows<{ event: JobChangedEvent }>(
      manager,
      `UPDATE jobs.jobs SET company_name = $2, version = version + 1 WHERE company_id = $1 AND company_name IS DISTINCT FROM $2
       RETURNING ${JOB_CHANGED_PAYLOAD} AS event`,
      [companyId, name],
    );
    return rows.map((r) => r.event);
  }

  /** Inserts the membership; false when the user already has one. */
  async addMember(manager: EntityManager, userId: number, companyId: number): Promise<boolean> {
    const rows = await queryRows(
      manager,
      `INSERT INTO jobs.company_members (user_id, company_id) VALUES ($1, $2) ON CONFLICT (user_id) DO NOTHING RETURNING user_id`,
      [userId, companyId],
    );
    return rows.length === 1;
  }

  async setMember(manager: EntityManager, userId: number, companyId: number): Promise<void> {
    await manager.query(
      `INSERT INTO jobs.company_members (user_id, company_id) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET company_id = EXCLUDED.company_id, joined_at = now()`,
      [userId, companyId],
    );
  }

  async removeMember(manager: EntityManager, userId: number): Promise<number | null> {
    const rows = await queryRows<{ company_id: number }>(
      manager,
      `DELETE FROM jobs.company_members WHERE user_id = $1 RETURNING company_id`,
      [userId],
    );
    return rows[0]?.company_id ?? null;
  }

  async memberCount(manager: EntityManager, companyId: number): Promise<number> {
    const row = await queryOne<{ n: number }>(manager, `SELECT count(*)::int AS n FROM jobs.company_members WHERE company_id = $1`, [
      companyId,
    ]);
    return row?.n ?? 0;
  }

  /** Removes a company nobody belongs to and no job refers to any more. */
  async deleteIfOrphaned(manager: EntityManager, companyId: number): Promise<void> {
    await manager.query(
      `DELETE FROM jobs.companies c WHERE c.id = $1
         AND NOT EXISTS (SELECT 1 FROM jobs.company_members m WHERE m.company_id = c.id)
         AND NOT EXISTS (SELECT 1 FROM jobs.jobs j WHERE j.company_id = c.id)`,
      [companyId],
    );
  }

  async stats(companyId: number): Promise<CompanyStats> {
    const row = await queryOne<CompanyStats>(
      this.manager,
      `SELECT count(*) FILTER (WHERE j.status = 'published')::int AS active_jobs,
              count(j.id)::int AS total_jobs,
              COALESCE(sum(j.applications_count), 0)::int AS total_applications,
              (SELECT count(*)::int FROM jobs.company_members m WHERE m.company_id = $1) AS total_employers
       FROM jobs.jobs j WHERE j.company_id = $1`,
      [companyId],
    );
    return row!;
  }

  /** Public list, alphabetical, with each company's count of published jobs. */
  async page(limit: number, offset: number): Promise<{ rows: CompanyListItem[]; total: number }> {
    const [rows, count] = await Promise.all([
      queryRows<CompanyListItem>(
        this.manager,
        `SELECT ${COLUMNS.split(', ')
          .map((c) => `c.${c}`)
          .join(', ')},
                (SELECT count(*)::int FROM jobs.jobs j WHERE j.company_id = c.id AND j.status = 'published') AS total_jobs
         FROM jobs.companies c ORDER BY c.name, c.id LIMIT $1 OFFSET $2`,
        [limit, offset],
      ),
      queryOne<{ n: number }>(this.manager, `SELECT count(*)::int AS n FROM jobs.companies`),
    ]);
    return { rows, total: count?.n ?? 0 };
  }
}
