import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Sealed } from '../security/secrets';
import { queryOne } from '@app/db';

/** OAuth links: (provider, provider_account_id) → user, with the provider's tokens sealed. */
@Injectable()
export class AccountsRepository {
  async findUserId(manager: EntityManager, provider: string, providerAccountId: string): Promise<number | undefined> {
    const row = await queryOne<{ user_id: number }>(
      manager,
      `SELECT user_id FROM auth.accounts WHERE provider = $1 AND provider_account_id = $2`,
      [provider, providerAccountId],
    );
    return row?.user_id;
  }

  async upsert(
    manager: EntityManager,
    link: {
      user_id: number;
      provider: string;
      provider_account_id: string;
      access?: Sealed;
      refresh?: Sealed;
      key_id: string | null;
      expires_at: Date | null;
    },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO auth.accounts (user_id, provider, provider_account_id, access_token_enc, refresh_token_enc, expires_at, key_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       -- New provider tokens replace the old pair as a whole, so both are always under one key_id.
       ON CONFLICT (provider, provider_account_id) DO UPDATE SET
         (access_token_enc, refresh_token_enc, expires_at, key_id) = (
           SELECT CASE WHEN n THEN EXCLUDED.access_token_enc ELSE auth.accounts.access_token_enc END,
                  CASE WHEN n THEN EXCLUDED.refresh_token_enc ELSE auth.accounts.refresh_token_enc END,
                  CASE WHEN n THEN EXCLUDED.expires_at ELSE auth.accounts.expires_at END,
                  CASE WHEN n THEN EXCLUDED.key_id ELSE auth.accounts.key_id END
           FROM (SELECT EXCLUDED.access_token_enc IS NOT NULL OR EXCLUDED.refresh_token_enc IS NOT NULL AS n) fresh),
         updated_at = now()
       WHERE auth.accounts.user_id = EXCLUDED.user_id`,
      [
        link.user_id,
        link.provider,
        link.provider_account_id,
        link.access?.value ?? null,
        link.refresh?.value ?? null,
        link.expires_at,
        link.key_id,
      ],
    );
  }
}
