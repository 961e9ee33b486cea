import { Injectable } from '@nestjs/common';
import { EmployerProfile } from '@app/contracts';
import { DataSource } from 'typeorm';
import { partialSet, queryOne } from '@app/db';

const EMPLOYER_COLUMNS = ['position', 'department', 'phone'] as const;
const SELECT = 'id, user_id, position, department, phone, can_create_jobs, can_manage_candidates, is_admin';

@Injectable()
export class EmployersRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The employer row of a user, created empty if missing. */
  async ensure(userId: number): Promise<EmployerProfile> {
    const manager = this.dataSource.manager;
    const found = await queryOne<EmployerProfile>(manager, `SELECT ${SELECT} FROM auth.employers WHERE user_id = $1`, [userId]);
    if (found) return found;
    await manager.query(`INSERT INTO auth.employers (user_id) VALUES ($1) ON CONFLICT (user_id) DO NOTHING`, [userId]);
    return (await queryOne<EmployerProfile>(manager, `SELECT ${SELECT} FROM auth.employers WHERE user_id = $1`, [userId]))!;
  }

  async update(userId: number, fields: object): Promise<EmployerProfile> {
    const current = await this.ensure(userId);
    const set = partialSet(fields, EMPLOYER_COLUMNS, 2);
    if (!set.sql) return current;
    return (await queryOne<EmployerProfile>(
      this.dataSource.manager,
      `UPDATE auth.employers SET ${set.sql}, updated_at = now() WHERE id = $1 RETURNING ${SELECT}`,
      [current.id, ...set.params],
    ))!;
  }
}
