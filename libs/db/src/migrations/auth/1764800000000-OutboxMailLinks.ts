import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Mail links are now sealed before they enter the outbox (MAIL_LINK_KEYS). Mail events published
 * before carry their live link in clear until the outbox purge: the token of each is cut out
 * (`?token=[removed]`). Unpublished ones are left to be sent; the notifications service stores
 * them without their token.
 */
export class OutboxMailLinks1764800000000 implements MigrationInterface {
  name = 'OutboxMailLinks1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      UPDATE auth.outbox
         SET payload = jsonb_set(payload, '{text}', to_jsonb(regexp_replace(payload->>'text', '([?&]token=)[^\\s&"''<>]+', '\\1[removed]', 'g')))
       WHERE subject = 'events.auth.mail.requested.v1' AND published_at IS NOT NULL AND payload->>'text' ~ '[?&]token=';
    `);
  }

  async down(): Promise<void> {
    // Nothing to undo: the tokens cut out are gone for good.
  }
}
