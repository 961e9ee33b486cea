import { createHash } from 'crypto';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { InitApplications1764100000000 } from '../applications/1764100000000-InitApplications';
import { InitAuth1764100000000 } from '../auth/1764100000000-InitAuth';
import { InitJobs1764100000000 } from '../jobs/1764100000000-InitJobs';
import { InitNotifications1764100000000 } from '../notifications/1764100000000-InitNotifications';

/** The SQL statements a migration step sends, read through a QueryRunner that only records them. */
async function sqlOf(step: (runner: QueryRunner) => Promise<void>): Promise<string[]> {
  const sent: string[] = [];
  await step({ query: (sql: string) => Promise.resolve(void sent.push(sql)) } as unknown as QueryRunner);
  return sent;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * The Init migrations take their event tables from shared/event-tables.ts. They already ran in
 * production, so the SQL they send must stay the one that ran there: these are the SHA-256 of that
 * SQL (taken before the tables were shared). A failure here means shipped SQL was edited: revert,
 * and change the schema with a new migration.
 */
const SHIPPED: { migration: MigrationInterface; upSha: string; downSha: string }[] = [
  {
    migration: new InitAuth1764100000000(),
    upSha: 'cb4e036ce8c1bb048b2158c9c4221a7bcda335e8aa59a89e5736b376870756ad',
    downSha: '1137e911fb52bcf5428807e87f193deb038e1b1a5bd364c7bb1413840db1ee61',
  },
  {
    migration: new InitJobs1764100000000(),
    upSha: '4e99dd3d9b7e6fdd8d26b46be64cfddfccb5879fb2b04556b02f93751e536521',
    downSha: '9e47ef13e8babad500536ee603b116104f9f21cf479c6335d68652d73392c92b',
  },
  {
    migration: new InitApplications1764100000000(),
    upSha: '7659349047d16ca207f00ca4a14a2d3a23a9b123252c8a7279e4fa89458cc450',
    downSha: '347da68dad3c13bec6d31907c8e484569c08966b345a9c0c9901f2bb989e9736',
  },
  {
    migration: new InitNotifications1764100000000(),
    upSha: '604c504389891ebbed756b0872fd90e10407ac01630db5e7d437316c43037d36',
    downSha: '5c84a972394b1f11ca4c92a2d6ff6d6f5cd6554e1c9ffdb11724de29c9b6a367',
  },
];

describe('Init migrations with the shared event tables', () => {
  it.each(SHIPPED)('$migration.name sends the SQL that shipped', async ({ migration, upSha, downSha }) => {
    expect((await sqlOf((runner) => migration.up(runner))).map(sha256)).toEqual([upSha]);
    expect((await sqlOf((runner) => migration.down(runner))).map(sha256)).toEqual([downSha]);
  });
});
