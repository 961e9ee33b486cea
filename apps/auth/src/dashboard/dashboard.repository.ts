import { Injectable } from '@nestjs/common';
import { ReadDatabase } from '@app/common';
import { AuthDashboardFigures, DashboardRole } from '@app/contracts';
import { isoText } from '@app/db';

/** Each role's figures in ONE statement (scalar subqueries of one SELECT). */
const SQL: Record<DashboardRole, string> = {
  // Ten checks, 10 % each: name, phone, location, title, summary, years of experience, an experience,
  // an education, a skill, an active CV.
  candidate: `
    SELECT ((u.first_name <> '' AND u.last_name <> '')::int + (coalesce(c.phone, '') <> '')::int
          + (coalesce(c.location, '') <> '')::int + (coalesce(c.title, '') <> '')::int
          + (coalesce(c.summary, '') <> '')::int + (c.years_experience IS NOT NULL)::int
          + EXISTS (SELECT 1 FROM auth.experiences x WHERE x.candidate_id = c.id)::int
          + EXISTS (SELECT 1 FROM auth.educations e WHERE e.candidate_id = c.id)::int
          + EXISTS (SELECT 1 FROM auth.skills s WHERE s.candidate_id = c.id)::int
          + EXISTS (SELECT 1 FROM auth.candidate_cvs v WHERE v.candidate_id = c.id AND v.is_active)::int) AS profile_done,
           10 AS profile_total, 0 AS users, 0 AS users_last_7_days, '[]'::json AS recent
      FROM auth.users u LEFT JOIN auth.candidates c ON c.user_id = u.id WHERE u.id = $1`,
  // Four checks here (name, position, department, phone); the gateway adds company membership.
  employer: `
    SELECT ((u.first_name <> '' AND u.last_name <> '')::int + (coalesce(e.position, '') <> '')::int
          + (coalesce(e.department, '') <> '')::int + (coalesce(e.phone, '') <> '')::int) AS profile_done,
           4 AS profile_total, 0 AS users, 0 AS users_last_7_days, '[]'::json AS recent
      FROM auth.users u LEFT JOIN auth.employers e ON e.user_id = u.id WHERE u.id = $1`,
  admin: `
    SELECT 1 AS profile_done, 1 AS profile_total,
           (SELECT count(*)::int FROM auth.users) AS users,
           (SELECT count(*)::int FROM auth.users WHERE created_at > now() - interval '7 days') AS users_last_7_days,
           (SELECT coalesce(json_agg(json_build_object(
                     'id', 'user-' || r.id, 'status', r.role, 'target', r.email,
                     'time', ${isoText('r.created_at')}, 'type', 'user')
                   ORDER BY r.created_at DESC, r.id DESC), '[]'::json)
              FROM (SELECT id, role, email, created_at FROM auth.users ORDER BY created_at DESC, id DESC LIMIT 5) r) AS recent
      WHERE $1::int IS NOT NULL`,
};

@Injectable()
export class DashboardRepository {
  constructor(private readonly read: ReadDatabase) {}

  /** Read-only figures: the read replica when DB_READ_URL is set. */
  private get dataSource() {
    return this.read.dataSource;
  }

  async figures(userId: number, role: DashboardRole): Promise<AuthDashboardFigures> {
    const [row] = await this.dataSource.query(SQL[role], [userId]);
    return row ?? { profile_done: 0, profile_total: 1, users: 0, users_last_7_days: 0, recent: [] };
  }
}
