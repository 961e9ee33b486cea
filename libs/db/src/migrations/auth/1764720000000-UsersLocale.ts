import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The language each user reads the backend's texts in (notifications, e-mails, dashboards, error
 * details): `fr` (the web client's, the default, so every existing user reads French) or `en`.
 * A constant default: PostgreSQL 11+ adds the column without rewriting the table.
 */
export class UsersLocale1764720000000 implements MigrationInterface {
  name = 'UsersLocale1764720000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE auth.users ADD COLUMN locale text NOT NULL DEFAULT 'fr'
        CONSTRAINT users_locale_check CHECK (locale IN ('fr', 'en'));
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE auth.users DROP COLUMN locale;`);
  }
}
