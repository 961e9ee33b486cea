import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { queryOne } from '@app/db';

export interface SessionRow {
  id: number;
  family_id: string;
  user_id: number;
  expires: Date;
  used_at: Date | null;
  revoked_at: Date | null;
}

/** Refresh-token sessions: one row per issued token (stored as its HMAC), grouped by family. */
@Injectable()
export class SessionsRepository {
  async insert(
    manager: EntityManager,
    row: { family_id: string; user_id: number; token_hash: string; ttl_s: number; ip?: string; user_agent?: string },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO auth.sessions (family_id, user_id, session_token, expires, ip, user_agent)
       VALUES ($1, $2, $3, now() + make_interval(secs => $4), $5, $6)`,
      [row.family_id, row.user_id, row.token_hash, row.ttl_s, row.ip ?? null, row.user_agent ?? null],
    );
  }

  /** Locks the row: two concurrent refreshes with one token are serialised, the second sees it spent. */
  findForUpdate(manager: EntityManager, tokenHash: string): Promise<SessionRow | undefined> {
    return queryOne<SessionRow>(
      manager,
      `SELECT id, family_id, user_id, expires, used_at, revoked_at FROM auth.sessions WHERE session_token = $1 FOR UPDATE`,
      [tokenHash],
    );
  }

  async markUsed(manager: EntityManager, id: number): Promise<void> {
    await manager.query(`UPDATE auth.sessions SET used_at = now() WHERE id = $1`, [id]);
  }

  async revokeFamily(manager: EntityManager, familyId: string): Promise<void> {
    await manager.query(`UPDATE auth.sessions SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL`, [familyId]);
  }

  async revokeAllOfUser(manager: EntityManager, userId: number): Promise<void> {
    await manager.query(`UPDATE auth.sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [userId]);
  }
}
