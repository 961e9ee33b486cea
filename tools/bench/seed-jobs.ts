/**
 * Query plans of the job board on a realistic dataset: creates a test database
 * (`intowork_test_bench_jobs_*`, migrated), seeds 100k jobs of 2,000 companies with generate_series,
 * then prints `EXPLAIN (ANALYZE, BUFFERS)` of the very SQL the jobs repository sends for the default
 * list, each filter, a one-word search, a two-word search whose words rarely meet, and a keyset page.
 *
 *   npx tsc -p tsconfig.build.json --outDir DIST && npx tsc-alias -p tsconfig.build.json --outDir DIST
 *   node DIST/tools/bench/seed-jobs.js [jobs=100000] [--keep]
 *
 * TEST_DATABASE_URL (admin URL, default postgres://postgres@127.0.0.1:5432/test) says which server.
 * Figures are for the README, never test assertions.
 */
import 'reflect-metadata';
import { Client } from 'pg';
import { createTestDatabase } from '@app/db';
import { DataSource } from 'typeorm';
import { JobsRepository, PublicListFilter } from '../../apps/jobs/src/jobs/jobs.repository';
import { decodeCursor, encodeCursor } from '../../apps/jobs/src/jobs/cursor';

const COMPANIES_SQL = `
INSERT INTO jobs.companies (name, description, industry, size, city, country, created_by)
SELECT 'Company ' || g || (ARRAY[' SA',' SAS',' Ltd',' GmbH',' Café',' Labs'])[1 + g % 6],
       'We build things.', (ARRAY['Software','Finance','Retail','Health','Energy'])[1 + g % 5], '11-50',
       (ARRAY['Paris','Lyon','Marseille','Lille','Bordeaux'])[1 + g % 5], 'France', 100000 + g
FROM generate_series(1, 2000) g;

INSERT INTO jobs.company_members (user_id, company_id) SELECT 100000 + id, id FROM jobs.companies;
`;

const JOBS_SQL = `
INSERT INTO jobs.jobs (employer_id, company_id, company_name, title, description, location, location_type, job_type,
                       salary_min, salary_max, status, posted_at, created_at, views_count, applications_count)
SELECT 100000 + c.id, c.id, c.name,
       (ARRAY['Développeur','Developer','Software Engineer','Ingénieur','Data Analyst','Chef de projet','Product Manager',
              'Designer UX','Comptable','Commercial','Technicien','Infirmier'])[1 + (g * 7) % 12]
         || ' ' || (ARRAY['Backend','Frontend','Full Stack','Mobile','Cloud','Data','Sécurité','DevOps','QA','Support',
                          'Junior','Senior','Confirmé','Stagiaire'])[1 + (g * 13) % 14],
       (ARRAY['Nous recrutons pour renforcer notre équipe technique. Vous travaillerez sur des projets variés.',
              'Join a fast-growing team building products used by millions of people every day.',
              'Poste en CDI, télétravail partiel possible, mutuelle et tickets restaurant.',
              'You will design, build and maintain services in a modern cloud environment.'])[1 + g % 4]
         || CASE WHEN g % 97 = 0 THEN ' Experience with Kubernetes required.' ELSE '' END
         || CASE WHEN g % 89 = 0 THEN ' Maintenance of COBOL batch programs.' ELSE '' END
         || repeat(' Lorem ipsum dolor sit amet.', 1 + g % 10),
       (ARRAY['Paris','Lyon','Marseille','Lille','Bordeaux','Nantes','Toulouse','Saint-Étienne','Remote','Genève'])[1 + (g / 10) % 10]
         || CASE WHEN g % 1000 = 7 THEN ' (Île d''Oléron)' ELSE '' END
         || CASE WHEN g % 2 = 0 THEN ' ' || (1 + g % 20) || 'e' ELSE '' END,
       (ARRAY['on_site','remote','hybrid'])[1 + g % 3]::jobs.location_type,
       (ARRAY['full_time','full_time','full_time','part_time','contract','temporary','internship'])[1 + g % 7]::jobs.job_type,
       s.min, s.min + 5000 + (g % 20) * 1000,
       (CASE WHEN g % 10 < 8 THEN 'published' WHEN g % 10 = 8 THEN 'draft' ELSE 'closed' END)::jobs.job_status,
       CASE WHEN g % 10 = 8 THEN NULL ELSE now() - make_interval(secs => (g * 317) % (365 * 86400)) END,
       now() - make_interval(secs => (g * 317) % (365 * 86400) + 3600),
       g % 500, g % 40
FROM generate_series(1, $1::int) g
JOIN jobs.companies c ON c.id = 1 + g % 2000
CROSS JOIN LATERAL (SELECT CASE WHEN g % 5 = 0 THEN NULL ELSE 25000 + (g % 60) * 1000 END AS min) s
`;

// VACUUM too: a table in steady state has its visibility map set (index-only scans), as autovacuum keeps it.
const ANALYZE_SQL = `VACUUM ANALYZE jobs.companies; VACUUM ANALYZE jobs.company_members; VACUUM ANALYZE jobs.jobs;
`;

interface Captured {
  sql: string;
  params: unknown[];
}

/** A JobsRepository whose queries are captured instead of run, so the plans are of the real SQL. */
function capturingRepository(): { repo: JobsRepository; captured: Captured[] } {
  const captured: Captured[] = [];
  const manager = { query: async (sql: string, params: unknown[] = []) => (captured.push({ sql, params }), []) };
  return { repo: new JobsRepository({ manager, query: manager.query } as unknown as DataSource), captured };
}

function summarize(plan: string[]): string[] {
  // The node lines and the totals; the indentation shows the tree.
  return plan.filter((l) => /->|^\S|Index Cond|Recheck Cond|Filter:|Rows Removed|Buffers: shared|Execution Time|Planning Time/.test(l));
}

async function main(): Promise<void> {
  const count = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 100000);
  const keep = process.argv.includes('--keep');
  const db = await createTestDatabase('bench_jobs');
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    const started = Date.now();
    await client.query(COMPANIES_SQL);
    await client.query(JOBS_SQL, [count]);
    for (const statement of ANALYZE_SQL.split(';').map((x) => x.trim()).filter(Boolean)) await client.query(statement);
    const { rows: stats } = await client.query(
      `SELECT count(*)::int AS jobs, count(*) FILTER (WHERE status = 'published')::int AS published,
              pg_size_pretty(pg_total_relation_size('jobs.jobs')) AS size FROM jobs.jobs`,
    );
    console.log(`# ${db.name}: seeded ${stats[0].jobs} jobs (${stats[0].published} published, ${stats[0].size} with indexes) in ${Date.now() - started} ms\n`);

    const base: PublicListFilter = { sort: 'newest', limit: 10, offset: 0 };
    // The cursor of a deep page: the 5,000th newest published job.
    const { rows: deep } = await client.query(
      `SELECT posted_at::text AS ts, id FROM jobs.jobs WHERE status = 'published' ORDER BY posted_at DESC, id DESC OFFSET 4999 LIMIT 1`,
    );
    const cursor = decodeCursor(encodeCursor({ postedAt: deep[0].ts, id: deep[0].id }));
    const cases: Array<[string, PublicListFilter]> = [
      ['default list (page 1)', base],
      ['location=saint-etienne (10% of jobs)', { ...base, location: 'saint-etienne' }],
      ['location=oleron (rare: 0.1%)', { ...base, location: 'oleron' }],
      ['job_type=internship', { ...base, job_type: 'internship' }],
      ['location_type=remote', { ...base, location_type: 'remote' }],
      ['salary_min=80000', { ...base, salary_min: 80000 }],
      ['search=developpeur (one word)', { ...base, search: 'developpeur' }],
      ['search=kubernetes cobol (two rare words, rarely together)', { ...base, search: 'kubernetes cobol' }],
      ['search=developer sort=relevance', { ...base, search: 'developer', sort: 'relevance' }],
      ['keyset page after the 5,000th job (cursor)', { ...base, cursor }],
      ['page 500 by OFFSET (for comparison)', { ...base, offset: 4990 }],
    ];
    for (const [label, filter] of cases) {
      const { repo, captured } = capturingRepository();
      await repo.publicPage(filter);
      await repo.publicCount(filter).count();
      for (const [i, query] of captured.entries()) {
        const { rows } = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${query.sql}`, query.params);
        const plan = rows.map((r) => r['QUERY PLAN'] as string);
        console.log(`## ${label} — ${i === 0 ? 'page' : 'count'}`);
        console.log(summarize(plan).join('\n'));
        console.log('');
      }
    }
  } finally {
    await client.end();
    if (keep) console.log(`kept ${db.url}`);
    else await db.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
