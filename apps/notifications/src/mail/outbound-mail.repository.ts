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

  /** False if the row never became visible (its transaction rolled back). */
  async waitVisible(id: number, attempts = 50): Promise<boolean> {
    for (let i = 0; i < attempts; i++) {
      const rows = await this.dataSource.query(`SELECT 1 FROM notifications.outbound_mail WHERE id = $1`, [id]);
      if (rows.length) return true;
      await new Promise((r) => setTimeout(r, 100));
    }
    return false;
  }

  async markSent(id: number): Promise<void> {
    await this.dataSource.query(`UPDATE notifications.outbound_mail SET sent_at = now(), error = NULL WHERE id = $1`, [id]);
  }

  async markFailed(id: number, error: string): Promise<void> {
    await this.dataSource.query(`UPDATE notifications.outbound_mail SET error = $2 WHERE id = $1`, [id, error.slice(0, 1000)]);
  }
}
