import { Injectable } from '@nestjs/common';
import { ReadDatabase } from '@app/common';
import { AdminEmployer, AdminUser, AdminUsersListRequest, AuthAdminStats } from '@app/contracts';
import { DataSource, EntityManager } from 'typeorm';

const ADMIN_USER_COLUMNS = `id, email, first_name, last_name, trim(first_name || ' ' || last_name) AS name, role, is_active,
  email_verified_at IS NOT NULL AS email_verified, image, created_at, updated_at`;

/** `%` and `_` in a search are literal characters, not wildcards. */
function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function toAdminUser(row: Record<string, any>): AdminUser {
  return {
    id: row.id,
    email: row.email,
    first_name: row.first_name,
    last_name: row.last_name,
    name: row.name,
    role: row.role,
    is_active: row.is_active,
    email_verified: row.email_verified,
    image: row.image,
    created_at: new Date(row.created_at).toISOString(),
    updated_at: new Date(row.updated_at).toISOString(),
  };
}

@Injectable()
export class AdminRepository {
  constructor(
    private readonly primary: DataSource,
    private readonly read: ReadDatabase,
  ) {}

  /** Lists and totals: the read replica when DB_READ_URL is set; changes go to the primary. */
  private get dataSource(): DataSource {
    return this.read.dataSource;
  }

  /** Every figure of the users table in one scan. */
  async stats(): Promise<AuthAdminStats> {
    const [row] = await this.dataSource.query(
      `SELECT count(*)::int AS total_users,
              count(*) FILTER (WHERE role = 'candidate')::int AS total_candidates,
              count(*) FILTER (WHERE role = 'employer')::int AS total_employers,
              count(*) FILTER (WHERE role = 'admin')::int AS total_admins,
              count(*) FILTER (WHERE is_active)::int AS active_users,
              count(*) FILTER (WHERE NOT is_active)::int AS inactive_users,
              count(*) FILTER (WHERE created_at > now() - interval '7 days')::int AS recent_signups
         FROM auth.users`,
    );
    return row;
  }

  /** One page and the total of the filtered list in one query (count(*) OVER ()). */
  async listUsers(req: AdminUsersListRequest): Promise<{ users: AdminUser[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (req.role) {
      params.push(req.role);
      where.push(`role = $${params.length}`);
    }
    if (req.is_active !== undefined) {
      params.push(req.is_active);
      where.push(`is_active = $${params.length}`);
    }
    if (req.search?.trim()) {
      params.push(likePattern(req.search.trim()));
      where.push(`(email ILIKE $${params.length} OR (first_name || ' ' || last_name) ILIKE $${params.length})`);
    }
    params.push(req.limit, req.skip);
    const rows = await this.dataSource.query(
      `SELECT ${ADMIN_USER_COLUMNS}, count(*) OVER ()::int AS total FROM auth.users
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY created_at DESC, id DESC LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    const total = rows.length ? rows[0].total : req.skip > 0 ? await this.countUsers(where, params.slice(0, -2)) : 0;
    return { users: rows.map(toAdminUser), total };
  }

  private async countUsers(where: string[], params: unknown[]): Promise<number> {
    const [row] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM auth.users ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
      params,
    );
    return row.n;
  }

  async listEmployers(skip: number, limit: number): Promise<{ employers: AdminEmployer[]; total: number }> {
    const rows = await this.dataSource.query(
      `SELECT e.id, e.user_id, u.email, u.first_name, u.last_name, u.is_active, e.position, e.department, e.phone, e.created_at,
              count(*) OVER ()::int AS total
         FROM auth.employers e JOIN auth.users u ON u.id = e.user_id
        ORDER BY e.created_at DESC, e.id DESC LIMIT $1 OFFSET $2`,
      [limit, skip],
    );
    let total = rows.length ? rows[0].total : 0;
    if (!rows.length && skip > 0) total = (await this.dataSource.query(`SELECT count(*)::int AS n FROM auth.employers`))[0].n;
    return {
      employers: rows.map(({ total: _t, created_at, ...r }: Record<string, any>) => ({
        ...r,
        created_at: new Date(created_at).toISOString(),
      })),
      total,
    };
  }

  async getUser(userId: number, manager: EntityManager = this.dataSource.manager): Promise<AdminUser | undefined> {
    const [row] = await manager.query(`SELECT ${ADMIN_USER_COLUMNS} FROM auth.users WHERE id = $1`, [userId]);
    return row ? toAdminUser(row) : undefined;
  }

  async setActive(userId: number, isActive: boolean): Promise<AdminUser | undefined> {
    const [rows] = await this.primary.query(
      `UPDATE auth.users SET is_active = $2, updated_at = now() WHERE id = $1 RETURNING ${ADMIN_USER_COLUMNS}`,
      [userId, isActive],
    );
    return rows[0] ? toAdminUser(rows[0]) : undefined;
  }
}
