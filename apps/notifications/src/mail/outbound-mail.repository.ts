import { Injectable } from '@nestjs/common';
import { PURGE_BATCH } from '@app/common';
import { MailRequestedEvent } from '@app/contracts';
import { DataSource, EntityManager } from 'typeorm';

/**
 * A link's token in a text written before links were sealed (an event still on its way at the
 * upgrade): what is stored keeps the link's place, not the token.
 */
export function withoutLinkTokens(text: string): string {
  return text.replace(/([?&]token=)[^\s&"'<>]+/g, '$1[removed]');
}

@Injectable()
export class OutboundMailRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The mail as requested; returns its id. Its sealed link (ciphertext) is kept only until the mail is
   * sent, fails, or its token expires: the body holds MAIL_LINK_PLACEHOLDER, never the link.
   */
  async record(manager: EntityManager, mail: MailRequestedEvent): Promise<number> {
    const text = mail.link ? mail.text : withoutLinkTokens(mail.text);
    const html = mail.html === undefined ? null : mail.link ? mail.html : withoutLinkTokens(mail.html);
    const [row] = await manager.query(
      `INSERT INTO notifications.outbound_mail (to_address, subject, body_text, body_html, kind, link_key_id, link_sealed, link_expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [mail.to, mail.subject, text, html, mail.kind, mail.link?.key_id ?? null, mail.link?.value ?? null, mail.link?.expires_at ?? null],
    );
    return Number(row.id);
  }

  /** Sent: the record stays, its link goes. */
  async markSent(id: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE notifications.outbound_mail SET sent_at = now(), error = NULL, link_key_id = NULL, link_sealed = NULL WHERE id = $1`,
      [id],
    );
  }

  /** A failed send is not retried, so its link is never needed again either. */
  async markFailed(id: number, error: string): Promise<void> {
    await this.dataSource.query(`UPDATE notifications.outbound_mail SET error = $2, link_key_id = NULL, link_sealed = NULL WHERE id = $1`, [
      id,
      error.slice(0, 1000),
    ]);
  }

  /** Erases the sealed links whose token has expired (mail never sent: no SMTP, or a crash before sending); answers how many. */
  async purgeExpiredLinks(manager: EntityManager, batch = PURGE_BATCH): Promise<number> {
    const [row] = await manager.query(
      `WITH gone AS (
         UPDATE notifications.outbound_mail SET link_key_id = NULL, link_sealed = NULL
          WHERE id IN (SELECT id FROM notifications.outbound_mail
                        WHERE link_sealed IS NOT NULL AND link_expires_at < now() ORDER BY link_expires_at LIMIT $1)
         RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [batch],
    );
    return row.n;
  }
}
