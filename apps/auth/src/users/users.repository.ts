import { Injectable } from '@nestjs/common';
import { DEFAULT_LOCALE, Locale, UserRole, UserSummary } from '@app/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { PG_UNIQUE_VIOLATION, pgCode, prepared, queryOne, queryRows } from '@app/db';

export interface UserRow {
  id: number;
  email: string;
  password_hash: string | null;
  first_name: string;
  last_name: string;
  image: string | null;
  role: UserRole;
  is_active: boolean;
  email_verified_at: Date | null;
  password_changed_at: Date | null;
  /** The later of password_changed_at and the last sign-out-everywhere: older access tokens are refused. */
  tokens_valid_after: Date | null;
  locale: Locale;
}

const USER_COLUMNS = `id, email, password_hash, first_name, last_name, image, role, is_active, email_verified_at, password_changed_at, locale,
  greatest(password_changed_at, tokens_valid_after) AS tokens_valid_after`;

@Injectable()
export class UsersRepository {
  constructor(private readonly dataSource: DataSource) {}

  findByEmail(email: string, manager: EntityManager = this.dataSource.manager): Promise<UserRow | undefined> {
    return queryOne<UserRow>(manager, `SELECT ${USER_COLUMNS} FROM auth.users WHERE email = $1`, [email.toLowerCase()]);
  }

  findById(id: number, manager: EntityManager = this.dataSource.manager, lock = false): Promise<UserRow | undefined> {
    return queryOne<UserRow>(manager, `SELECT ${USER_COLUMNS} FROM auth.users WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  }

  /** Undefined when the e-mail is taken (the unique index decides, so two racing sign-ups cannot both win). */
  async insert(
    manager: EntityManager,
    user: {
      email: string;
      password_hash: string | null;
      first_name: string;
      last_name: string;
      role: UserRole;
      image?: string | null;
      verified?: boolean;
      locale?: Locale;
    },
  ): Promise<UserRow | undefined> {
    return queryOne<UserRow>(
      manager,
      `INSERT INTO auth.users (email, password_hash, first_name, last_name, role, image, email_verified_at, locale)
       VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $7::boolean THEN now() END, $8)
       ON CONFLICT (email) DO NOTHING
       RETURNING ${USER_COLUMNS}`,
      [
        user.email.toLowerCase(),
        user.password_hash,
        user.first_name,
        user.last_name,
        user.role,
        user.image ?? null,
        user.verified ?? false,
        user.locale ?? DEFAULT_LOCALE,
      ],
    );
  }

  async setLocale(manager: EntityManager, userId: number, locale: Locale): Promise<boolean> {
    const rows = await queryRows(manager, `UPDATE auth.users SET locale = $2, updated_at = now() WHERE id = $1 RETURNING id`, [
      userId,
      locale,
    ]);
    return rows.length > 0;
  }

  /** The empty profile row of the role (admins have none). */
  async createProfile(manager: EntityManager, userId: number, role: UserRole): Promise<void> {
    if (role === 'candidate')
      await manager.query(`INSERT INTO auth.candidates (user_id) VALUES ($1) ON CONFLICT (user_id) DO NOTHING`, [userId]);
    if (role === 'employer')
      await manager.query(`INSERT INTO auth.employers (user_id) VALUES ($1) ON CONFLICT (user_id) DO NOTHING`, [userId]);
  }

  /**
   * Also stamps password_changed_at: access tokens issued before it stop working. The stamp is this
   * process's clock, the one access tokens' iat comes from (TokensService.issue), not the database's.
   */
  async setPassword(manager: EntityManager, userId: number, hash: string): Promise<void> {
    await manager.query(`UPDATE auth.users SET password_hash = $2, password_changed_at = $3, updated_at = now() WHERE id = $1`, [
      userId,
      hash,
      new Date(),
    ]);
  }

  /** Sign out everywhere: access tokens issued before now (this process's clock, as above) stop working. */
  async revokeTokens(manager: EntityManager, userId: number): Promise<void> {
    await manager.query(`UPDATE auth.users SET tokens_valid_after = $2, updated_at = now() WHERE id = $1`, [userId, new Date()]);
  }

  /** False when the address is taken (also when a concurrent change took it first). */
  async setEmail(manager: EntityManager, userId: number, email: string): Promise<boolean> {
    const rows = await queryRows(
      manager,
      `UPDATE auth.users SET email = $2, email_verified_at = NULL, updated_at = now()
       WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM auth.users WHERE email = $2 AND id <> $1)
       RETURNING id`,
      [userId, email.toLowerCase()],
    ).catch((err: unknown) => {
      if (pgCode(err) === PG_UNIQUE_VIOLATION) return [];
      throw err;
    });
    return rows.length === 1;
  }

  async markVerified(manager: EntityManager, userId: number, email: string): Promise<boolean> {
    const rows = await queryRows(
      manager,
      `UPDATE auth.users SET email_verified_at = coalesce(email_verified_at, now()), updated_at = now() WHERE id = $1 AND email = $2 RETURNING id`,
      [userId, email],
    );
    return rows.length === 1;
  }

  /** Deletes the user; profiles, sessions, accounts and tokens cascade. */
  async delete(manager: EntityManager, userId: number): Promise<{ role: UserRole } | undefined> {
    return queryOne<{ role: UserRole }>(manager, `DELETE FROM auth.users WHERE id = $1 RETURNING role`, [userId]);
  }

  async updateFromProvider(
    manager: EntityManager,
    userId: number,
    fields: { first_name?: string; last_name?: string; image?: string },
  ): Promise<void> {
    // Fill only what the user has not set themselves.
    await manager.query(
      `UPDATE auth.users SET
         first_name = CASE WHEN first_name = '' THEN coalesce($2, '') ELSE first_name END,
         last_name = CASE WHEN last_name = '' THEN coalesce($3, '') ELSE last_name END,
         image = coalesce(image, $4),
         email_verified_at = coalesce(email_verified_at, now()),
         updated_at = now()
       WHERE id = $1`,
      [userId, fields.first_name ?? null, fields.last_name ?? null, fields.image ?? null],
    );
  }

  getMany(ids: number[]): Promise<UserSummary[]> {
    return queryRows<UserSummary>(
      this.dataSource.manager,
      prepared(`SELECT u.id, u.email, u.first_name, u.last_name, u.role, u.is_active,
              coalesce(c.phone, e.phone) AS phone,
              v.id IS NOT NULL AS has_cv, v.id AS cv_id
       FROM auth.users u
       LEFT JOIN auth.candidates c ON c.user_id = u.id
       LEFT JOIN auth.employers e ON e.user_id = u.id
       LEFT JOIN auth.candidate_cvs v ON v.candidate_id = c.id AND v.is_active
       WHERE u.id = ANY($1::int[])
       ORDER BY u.id`),
      [ids],
    );
  }
}
