import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reset and verification links reach the notifications service sealed (MAIL_LINK_KEYS): a mail row keeps
 * its link's ciphertext only until it is sent, fails, or its token expires (`link_expires_at`); the body
 * holds a placeholder.
 *
 * Rows written before carry their live link in clear in the body, sent or not: the token of each is cut
 * out (`?token=[removed]`), keeping the record of the mail. A user who still needs one asks again.
 */
export class OutboundMailSealedLinks1764800000000 implements MigrationInterface {
  name = 'OutboundMailSealedLinks1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE notifications.outbound_mail
        ADD COLUMN link_key_id text, ADD COLUMN link_sealed text, ADD COLUMN link_expires_at timestamptz;
      -- The maintenance's purge of expired links: only the rows that still hold one.
      CREATE INDEX outbound_mail_link_expires_idx ON notifications.outbound_mail (link_expires_at) WHERE link_sealed IS NOT NULL;

      UPDATE notifications.outbound_mail
         SET body_text = regexp_replace(body_text, '([?&]token=)[^\\s&"''<>]+', '\\1[removed]', 'g'),
             body_html = regexp_replace(body_html, '([?&]token=)[^\\s&"''<>]+', '\\1[removed]', 'g')
       WHERE body_text ~ '[?&]token=' OR body_html ~ '[?&]token=';
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // The tokens cut out are gone for good (they were the point).
    await queryRunner.query(`
      DROP INDEX notifications.outbound_mail_link_expires_idx;
      ALTER TABLE notifications.outbound_mail DROP COLUMN link_key_id, DROP COLUMN link_sealed, DROP COLUMN link_expires_at;
    `);
  }
}
