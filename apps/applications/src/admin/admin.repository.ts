import { Injectable } from '@nestjs/common';
import { ReadDatabase } from '@app/common';
import { ApplicationCountsResponse, ApplicationsAdminStats } from '@app/contracts';

@Injectable()
export class AdminRepository {
  constructor(private readonly read: ReadDatabase) {}

  /** Read-only figures: the read replica when DB_READ_URL is set. */
  private get dataSource() {
    return this.read.dataSource;
  }

  async stats(): Promise<ApplicationsAdminStats> {
    const [row] = await this.dataSource.query(`SELECT count(*)::int AS total_applications FROM applications.job_applications`);
    return row;
  }

  /** Counted from the applications themselves (index job_applications_job_status_idx), every status. */
  async countsByJob(jobIds: number[]): Promise<ApplicationCountsResponse> {
    const counts: Record<string, number> = Object.fromEntries(jobIds.map((id) => [String(id), 0]));
    if (jobIds.length === 0) return { counts };
    const rows = await this.dataSource.query(
      `SELECT job_id, count(*)::int AS n FROM applications.job_applications WHERE job_id = ANY($1::int[]) GROUP BY job_id`,
      [jobIds],
    );
    for (const row of rows) counts[String(row.job_id)] = row.n;
    return { counts };
  }
}
