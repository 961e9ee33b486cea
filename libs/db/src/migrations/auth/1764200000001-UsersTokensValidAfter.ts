import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * "Sign out everywhere": access tokens issued before auth.users.tokens_valid_after are refused by the
 * gateway (with password_changed_at, the later of the two counts).
 */
export class UsersTokensValidAfter1764200000001 implements MigrationInterface {
  name = 'UsersTokensValidAfter1764200000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE auth.users ADD COLUMN tokens_valid_after timestamptz;`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE auth.users DROP COLUMN tokens_valid_after;`);
  }
}
