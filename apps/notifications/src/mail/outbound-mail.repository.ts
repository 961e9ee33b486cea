import { Injectable } from '@nestjs/common';
import { MailRequestedEvent } from '@app/contracts';
import { DataSource, EntityManager } from 'typeorm';

@Injectable()
export class OutboundMailRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The mail as it is (or would be) sent; returns its id. */
  async record(manager: EntityManager, mail: MailRequestedEvent): Promise<number> {
    const [row] = await manager.query(
      `INSERT INTO notifications.outbound_mail (to_address, subject, body_text, body_html, kind) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [mail.to, mail.subject, mail.text, mail.html ?? null, mail.kind],
    );
    return Number(row.id);
  }

  async markSent(id: number): Promise<void> {
    await this.dataSource.query(`UPDATE notifications.outbound_mail SET sent_at = now(), error = NULL WHERE id = $1`, [id]);
  }

  async markFailed(id: number, error: string): Promise<void> {
    await this.dataSource.query(`UPDATE notifications.outbound_mail SET error = $2 WHERE id = $1`, [id, error.slice(0, 1000)]);
  }
}
