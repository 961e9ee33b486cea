import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { queryOne } from '@app/db';

/**
 * Password-reset and e-mail verification tokens, stored as SHA-256 hex. Issuing one spends the
 * user's older ones; consuming is one conditional UPDATE, so a token works once even under a race.
 */
@Injectable()
export class OneTimeTokensRepository {
  async issueReset(manager: EntityManager, userId: number, tokenHash: string, ttlS: number): Promise<void> {
    await manager.query(`UPDATE auth.password_reset_tokens SET used_at = now() WHERE user_id = $1 AND used_at IS NULL`, [userId]);
    await manager.query(
      `INSERT INTO auth.password_reset_tokens (user_id, token, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))`,
      [userId, tokenHash, ttlS],
    );
  }

  /** Whether a reset token is valid now, without spending it (spent by consumeReset, which checks again). */
  async isResetValid(manager: EntityManager, tokenHash: string): Promise<boolean> {
    const row = await queryOne<{ ok: boolean }>(
      manager,
      `SELECT true AS ok FROM auth.password_reset_tokens WHERE token = $1 AND used_at IS NULL AND expires_at > now()`,
      [tokenHash],
    );
    return !!row;
  }

  async consumeReset(manager: EntityManager, tokenHash: string): Promise<number | undefined> {
    const row = await queryOne<{ user_id: number }>(
      manager,
      `UPDATE auth.password_reset_tokens SET used_at = now()
       WHERE token = $1 AND used_at IS NULL AND expires_at > now() RETURNING user_id`,
      [tokenHash],
    );
    if (row)
      await manager.query(`UPDATE auth.password_reset_tokens SET used_at = now() WHERE user_id = $1 AND used_at IS NULL`, [row.user_id]);
    return row?.user_id;
  }

  async issueVerification(manager: EntityManager, userId: number, email: string, tokenHash: string, ttlS: number): Promise<void> {
    await manager.query(`UPDATE auth.verification_tokens SET used_at = now() WHERE user_id = $1 AND used_at IS NULL`, [userId]);
    await manager.query(
      `INSERT INTO auth.verification_tokens (identifier, user_id, token, expires) VALUES ($1, $2, $3, now() + make_interval(secs => $4))`,
      [email, userId, tokenHash, ttlS],
    );
  }

  consumeVerification(manager: EntityManager, tokenHash: string): Promise<{ user_id: number; identifier: string } | undefined> {
    return queryOne(
      manager,
      `UPDATE auth.verification_tokens SET used_at = now()
       WHERE token = $1 AND used_at IS NULL AND expires > now() RETURNING user_id, identifier`,
      [tokenHash],
    );
  }
}
