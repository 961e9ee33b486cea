import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { partialSet, queryOne, queryRows } from '@app/db';

const PROFILE_COLUMNS = [
  'phone',
  'location',
  'linkedin_url',
  'website_url',
  'title',
  'summary',
  'years_experience',
  'salary_expectation_min',
  'salary_expectation_max',
] as const;
export const EXPERIENCE_COLUMNS = ['title', 'company', 'location', 'start_date', 'end_date', 'is_current', 'description'] as const;
export const EDUCATION_COLUMNS = ['degree', 'school', 'location', 'start_date', 'end_date', 'description'] as const;
export const SKILL_COLUMNS = ['name', 'level', 'category'] as const;

export type ItemTable = 'experiences' | 'educations' | 'skills';

export interface CandidateRow {
  id: number;
  user_id: number;
  phone: string | null;
  location: string | null;
  linkedin_url: string | null;
  website_url: string | null;
  title: string | null;
  summary: string | null;
  years_experience: number | null;
  salary_expectation_min: number | null;
  salary_expectation_max: number | null;
  cv_url: string | null;
  cv_filename: string | null;
  cv_uploaded_at: Date | null;
}

const CANDIDATE_COLUMNS = `id, user_id, ${PROFILE_COLUMNS.join(', ')}, cv_url, cv_filename, cv_uploaded_at`;
const ITEM_COLUMNS: Record<ItemTable, string> = {
  experiences: 'id, title, company, location, start_date, end_date, is_current, description',
  educations: 'id, degree, school, location, start_date, end_date, description',
  skills: 'id, name, level, category',
};
const ITEM_ORDER: Record<ItemTable, string> = {
  experiences: 'is_current DESC, start_date DESC, id DESC',
  educations: 'start_date DESC NULLS LAST, id DESC',
  skills: 'name, id',
};

/** The candidate's profile row and its items; every item query is scoped by the candidate id. */
@Injectable()
export class CandidatesRepository {
  constructor(private readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  /** The candidate row of a user, created empty if missing (e.g. a user created by an admin). */
  async ensure(userId: number, manager: EntityManager = this.manager): Promise<CandidateRow> {
    const found = await queryOne<CandidateRow>(manager, `SELECT ${CANDIDATE_COLUMNS} FROM auth.candidates WHERE user_id = $1`, [userId]);
    if (found) return found;
    await manager.query(`INSERT INTO auth.candidates (user_id) VALUES ($1) ON CONFLICT (user_id) DO NOTHING`, [userId]);
    return (await queryOne<CandidateRow>(manager, `SELECT ${CANDIDATE_COLUMNS} FROM auth.candidates WHERE user_id = $1`, [userId]))!;
  }

  async update(candidateId: number, fields: object): Promise<void> {
    const set = partialSet(fields, PROFILE_COLUMNS, 2);
    if (!set.sql) return;
    await this.manager.query(`UPDATE auth.candidates SET ${set.sql}, updated_at = now() WHERE id = $1`, [candidateId, ...set.params]);
  }

  list<T>(table: ItemTable, candidateId: number): Promise<T[]> {
    return queryRows<T>(
      this.manager,
      `SELECT ${ITEM_COLUMNS[table]} FROM auth.${table} WHERE candidate_id = $1 ORDER BY ${ITEM_ORDER[table]}`,
      [candidateId],
    );
  }

  findItem<T>(table: ItemTable, candidateId: number, id: number): Promise<T | undefined> {
    return queryOne<T>(this.manager, `SELECT ${ITEM_COLUMNS[table]} FROM auth.${table} WHERE id = $1 AND candidate_id = $2`, [
      id,
      candidateId,
    ]);
  }

  async insertItem<T>(table: ItemTable, candidateId: number, columns: readonly string[], fields: object): Promise<T> {
    const present = columns.filter((c) => (fields as Record<string, unknown>)[c] !== undefined);
    const values = present.map((c) => (fields as Record<string, unknown>)[c]);
    const placeholders = present.map((_c, i) => `$${i + 2}`);
    return (await queryOne<T>(
      this.manager,
      `INSERT INTO auth.${table} (candidate_id${present.map((c) => `, ${c}`).join('')}) VALUES ($1${placeholders.map((p) => `, ${p}`).join('')})
       RETURNING ${ITEM_COLUMNS[table]}`,
      [candidateId, ...values],
    ))!;
  }

  /** Undefined when the item is not this candidate's. */
  async updateItem<T>(
    table: ItemTable,
    candidateId: number,
    id: number,
    columns: readonly string[],
    fields: object,
  ): Promise<T | undefined> {
    const set = partialSet(fields, columns, 3);
    return queryOne<T>(
      this.manager,
      `UPDATE auth.${table} SET ${set.sql ? `${set.sql}, ` : ''}updated_at = now() WHERE id = $1 AND candidate_id = $2 RETURNING ${ITEM_COLUMNS[table]}`,
      [id, candidateId, ...set.params],
    );
  }

  async deleteItem(table: ItemTable, candidateId: number, id: number): Promise<boolean> {
    const rows = await queryRows(this.manager, `DELETE FROM auth.${table} WHERE id = $1 AND candidate_id = $2 RETURNING id`, [
      id,
      candidateId,
    ]);
    return rows.length === 1;
  }
}
