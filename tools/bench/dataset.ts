/**
 * The benchmark dataset at the seed analysis's scale, generated in SQL (generate_series) into its own
 * database, migrated by the real migrations (roles, schemas, indexes exactly as in production).
 *
 *   npm run bench:dataset -- [--scale 1] [--db intowork_bench] [--fresh]
 *
 * `--scale 1`: 5,000 companies with one employer each, 100,000 jobs, 50,000 candidates with 20
 * applications each (1,000,000), one notification per application (1,000,000) with the unread
 * counters, 3 admins and 5 "applicant" candidates without applications (the bench's apply scenario).
 * Every user's password is BENCH_PASSWORD (one argon2id hash, computed once by the auth service's
 * own PasswordsService). A second run with the same scale reuses the database (the marker table
 * public.bench_dataset); `--fresh` or another scale rebuilds it. The database name must contain
 * `bench` or `test` (it is dropped and recreated).
 *
 * What the texts hold, so the searches have known hit counts (fractions of all jobs):
 *   half French (even ids), half English (odd ids);
 *   "team" / "équipe": 30 % each; "developer" / "développeur" (titles): 5 % each;
 *   rare: "fortran" in ~10 jobs, "erlang" in ~18, both in ~8; "cobol" ~10, "kubernetes" ~10 (at scale 1).
 *   70 % published (about 4 % of all jobs published but expired), 10 % draft, 12 % closed, 8 % archived;
 *   expires_at NULL for a third, in the future otherwise. Jobs are skewed towards low company ids
 *   (company 1 has ~1.4 %), so employer 1 receives many applications.
 */
import 'reflect-metadata';
import { Client } from 'pg';
import { DbConfig, migrateAll, MIGRATION_ROLE, PG_INVALID_CATALOG_NAME, pgCode, roleFor, withDatabase } from '@app/db';
import { PasswordsService } from '../../apps/auth/src/security/passwords.service';
import { useRunSecrets } from '../lib/secrets';

export const BENCH_PASSWORD = 'Bench!Passw0rd2026';
export const BENCH_EMAIL_DOMAIN = 'bench.intowork.test';
export const APPLICATIONS_PER_CANDIDATE = 20;
const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface DatasetSize {
  scale: number;
  companies: number;
  jobs: number;
  candidates: number;
  admins: number;
  applicants: number;
}

export function datasetSize(scale: number): DatasetSize {
  if (!(scale > 0) || scale > 5) throw new Error(`--scale must be in (0, 5], got ${scale}`);
  return {
    scale,
    companies: Math.max(2, Math.round(5000 * scale)),
    jobs: Math.max(100, Math.round(100000 * scale)),
    candidates: Math.max(5, Math.round(50000 * scale)),
    admins: 3,
    applicants: 5,
  };
}

/** User ids are laid out in blocks: employers 1..C (employer e owns company e), then candidates, admins, applicants. */
export function userIds(size: DatasetSize) {
  const candidate0 = size.companies;
  const admin0 = candidate0 + size.candidates;
  const applicant0 = admin0 + size.admins;
  return {
    employer: (n: number) => n,
    candidate: (n: number) => candidate0 + n,
    admin: (n: number) => admin0 + n,
    applicant: (n: number) => applicant0 + n,
  };
}

export const benchEmail = {
  employer: (n: number) => `employer${n}@${BENCH_EMAIL_DOMAIN}`,
  candidate: (n: number) => `candidate${n}@${BENCH_EMAIL_DOMAIN}`,
  admin: (n: number) => `admin${n}@${BENCH_EMAIL_DOMAIN}`,
  applicant: (n: number) => `applicant${n}@${BENCH_EMAIL_DOMAIN}`,
};

export interface DatasetOptions {
  scale: number;
  /** Admin URL of the bench database (superuser); default postgres://postgres@127.0.0.1:5432/intowork_bench. */
  url: string;
  fresh?: boolean;
  /** Progress lines (stderr by default). */
  log?: (line: string) => void;
}

export interface DatasetInfo {
  url: string;
  size: DatasetSize;
  reused: boolean;
  seconds: number;
}

const FIRST = `ARRAY['Alice','Bruno','Chloé','David','Émilie','François','Gaëlle','Hugo','Inès','Jules','Karim','Léa','Mathis','Noémie','Olivier','Pauline']`;
const LAST = `ARRAY['Martin','Bernard','Dubois','Thomas','Robert','Richard','Petit','Durand','Leroy','Moreau','Simon','Laurent','Lefèvre','Michel','Garcia','Smith']`;

/** The words of one language's jobs: the developer title (5 % of all jobs), the team sentence (30 %), the rest filler. */
interface Language {
  developer: string;
  titles: string[];
  levels: string[];
  openings: string[];
  team: string;
  perks: string[];
  filler: string;
}

const FRENCH: Language = {
  developer: 'Développeur',
  titles: [
    'Ingénieur logiciel',
    'Analyste de données',
    'Chef de projet',
    'Designer UX',
    'Comptable',
    'Commercial',
    'Technicien',
    'Infirmier',
    'Responsable produit',
  ],
  levels: ['Backend', 'Frontend', 'Full Stack', 'Mobile', 'Cloud', 'Sécurité', 'Junior', 'Senior', 'Confirmé', 'Stagiaire'],
  openings: [
    'Nous recrutons pour un poste en CDI au cœur de nos projets.',
    'Rejoignez une entreprise en pleine croissance à taille humaine.',
    'Poste basé dans nos locaux, télétravail partiel possible.',
  ],
  team: ' Vous intégrerez une équipe soudée et bienveillante.',
  perks: [
    'Mutuelle, tickets restaurant et prime annuelle.',
    'Formation continue et évolution rapide.',
    'Horaires flexibles, café à volonté.',
    'Matériel récent et réunions courtes.',
  ],
  filler: ' Les candidatures sont étudiées sous quinze jours.',
};

const ENGLISH: Language = {
  developer: 'Developer',
  titles: [
    'Software Engineer',
    'Data Analyst',
    'Project Manager',
    'UX Designer',
    'Accountant',
    'Sales Representative',
    'Technician',
    'Nurse',
    'Product Owner',
  ],
  levels: ['Backend', 'Frontend', 'Full Stack', 'Mobile', 'Cloud', 'Security', 'Junior', 'Senior', 'Lead', 'Intern'],
  openings: [
    'We are hiring for a permanent position at the heart of our projects.',
    'Join a fast-growing company that still feels small.',
    'Office-based role with partial remote work possible.',
  ],
  team: ' You will join a friendly team of experienced people.',
  perks: [
    'Health insurance, meal vouchers and a yearly bonus.',
    'Training budget and fast career growth.',
    'Flexible hours and free coffee.',
    'Recent hardware and short meetings.',
  ],
  filler: ' Applications are reviewed within two weeks.',
};

const lit = (text: string) => `'${text.replace(/'/g, "''")}'`;
/** `(ARRAY[...])[1 + (index) % n]`: one of the texts, picked by an integer SQL expression. */
const pick = (texts: string[], index: string) => `(ARRAY[${texts.map(lit).join(', ')}])[1 + (${index}) % ${texts.length}]`;
const titleSql = (l: Language) =>
  `CASE WHEN k.developer THEN ${lit(l.developer)} ELSE ${pick(l.titles, 'g / 3')} END || ' ' || ${pick(l.levels, 'g / 7')}`;
const descriptionSql = (l: Language) =>
  `${pick(l.openings, 'g')} || CASE WHEN k.team THEN ${lit(l.team)} ELSE '' END || ' ' || ${pick(l.perks, 'g / 5')}`;

/** A well-spread number of seconds in [0, days) from an integer expression (Knuth's multiplicative hash). */
const spread = (expr: string, days: number) => `((${expr})::bigint * 2654435761) % ${days * 86400}`;

/** The steps, in order; $1.. parameters are given by `params`. */
function steps(size: DatasetSize, hashLiteral: string, stride: number): Array<{ name: string; sql: string }> {
  const { companies: C, jobs: J, candidates: N, admins: A, applicants: P } = size;
  const ids = userIds(size);
  // Rare words: one job in M has each (about 10 jobs whatever the scale).
  const M = Math.max(10, Math.round(J / 10));
  const half = Math.floor(M / 2);
  return [
    {
      name: 'users and profiles',
      sql: `
        INSERT INTO auth.users (id, email, password_hash, first_name, last_name, role, email_verified_at, created_at, updated_at)
        OVERRIDING SYSTEM VALUE
        SELECT u.id, u.email, ${hashLiteral}, (${FIRST})[1 + u.id % 16], (${LAST})[1 + (u.id / 16) % 16], u.role::auth.user_role,
               u.created - interval '1 hour' * (u.id % 5), u.created, u.created
        FROM (
          SELECT ${ids.employer(0)} + g AS id, 'employer' || g || '@${BENCH_EMAIL_DOMAIN}' AS email, 'employer' AS role,
                 now() - make_interval(secs => ${spread('g', 730)}) AS created FROM generate_series(1, ${C}) g
          UNION ALL
          SELECT ${ids.candidate(0)} + g, 'candidate' || g || '@${BENCH_EMAIL_DOMAIN}', 'candidate',
                 now() - make_interval(secs => ${spread('g', 730)}) FROM generate_series(1, ${N}) g
          UNION ALL
          SELECT ${ids.admin(0)} + g, 'admin' || g || '@${BENCH_EMAIL_DOMAIN}', 'admin', now() - interval '800 days' FROM generate_series(1, ${A}) g
          UNION ALL
          SELECT ${ids.applicant(0)} + g, 'applicant' || g || '@${BENCH_EMAIL_DOMAIN}', 'candidate', now() - interval '1 day' FROM generate_series(1, ${P}) g
        ) u;
        SELECT setval(pg_get_serial_sequence('auth.users', 'id'), (SELECT max(id) FROM auth.users));
        INSERT INTO auth.employers (user_id, position, department, phone)
        SELECT id, CASE WHEN id % 3 > 0 THEN 'Recruiter' END, CASE WHEN id % 2 = 0 THEN 'HR' END, NULL
        FROM auth.users WHERE role = 'employer';
        INSERT INTO auth.candidates (user_id, location, title, years_experience)
        SELECT id, CASE WHEN id % 2 = 0 THEN 'Paris' END, CASE WHEN id % 3 = 0 THEN 'Engineer' END,
               CASE WHEN id % 4 > 0 THEN id % 15 END
        FROM auth.users WHERE role = 'candidate';`,
    },
    {
      name: 'companies and members',
      sql: `
        INSERT INTO jobs.companies (id, name, description, industry, size, city, country, created_by, created_at)
        OVERRIDING SYSTEM VALUE
        SELECT g, 'Company ' || g || (ARRAY[' SA',' SAS',' Ltd',' GmbH',' Café',' Labs'])[1 + g % 6],
               'We build things.', (ARRAY['Software','Finance','Retail','Health','Energy'])[1 + g % 5],
               (ARRAY['1-10','11-50','51-200','201-1000'])[1 + g % 4],
               (ARRAY['Paris','Lyon','Marseille','Lille','Bordeaux'])[1 + g % 5], 'France', ${ids.employer(0)} + g,
               now() - interval '700 days'
        FROM generate_series(1, ${C}) g;
        SELECT setval(pg_get_serial_sequence('jobs.companies', 'id'), ${C});
        INSERT INTO jobs.company_members (user_id, company_id) SELECT ${ids.employer(0)} + id, id FROM jobs.companies;`,
    },
    {
      name: 'jobs (staging)',
      // Staged first: applications need the jobs, and jobs.applications_count needs the applications.
      sql: `
        CREATE UNLOGGED TABLE public.bench_stage_jobs AS
        SELECT g AS id, ${ids.employer(0)} + s.company_id AS employer_id, s.company_id, c.name AS company_name,
               s.lang, s.title, s.description, s.location, s.location_type, s.job_type, s.salary_min,
               CASE WHEN s.salary_min IS NULL THEN NULL ELSE s.salary_min + 5000 + (g % 20) * 1000 END AS salary_max,
               s.status, s.posted_at, s.expires_at,
               coalesce(s.posted_at, now() - make_interval(secs => ${spread('g + 7', 60)})) - interval '1 hour' AS created_at,
               g % 50 = 1 AS is_featured, (g * 7) % 900 AS views_count
        FROM generate_series(1, ${J}) g
        CROSS JOIN LATERAL (
          SELECT 1 + floor(${C} * power(((g * 0.6180339887498949) - floor(g * 0.6180339887498949)), 2))::int AS company_id,
                 g % 2 AS lang, (g / 2) % 20 < 2 AS developer, (g / 2) % 10 < 6 AS team,
                 CASE WHEN g % 100 < 70 THEN 'published' WHEN g % 100 < 80 THEN 'draft' WHEN g % 100 < 92 THEN 'closed' ELSE 'archived' END AS status,
                 CASE WHEN g % 20 = 3 THEN now() - make_interval(days => g % 30 + 1)
                      WHEN g % 3 = 0 THEN NULL ELSE now() + make_interval(days => g % 120 + 1) END AS expires_at
        ) k
        CROSS JOIN LATERAL (
          SELECT k.company_id, k.lang, k.status::jobs.job_status AS status, k.expires_at,
            CASE WHEN k.status = 'draft' THEN NULL
                 WHEN g % 20 = 3 THEN k.expires_at - interval '30 days'
                 ELSE now() - make_interval(secs => ${spread('g', 180)}) END AS posted_at,
            CASE WHEN k.lang = 0 THEN ${titleSql(FRENCH)} ELSE ${titleSql(ENGLISH)} END AS title,
            CASE WHEN k.lang = 0 THEN ${descriptionSql(FRENCH)} ELSE ${descriptionSql(ENGLISH)} END
              || CASE WHEN g % ${M} = 0 THEN ' Fortran numerical code.' ELSE '' END
              || CASE WHEN (g % ${M} = 0 AND g % ${5 * M} <> 0) OR g % ${M} = ${half} THEN ' Erlang messaging.' ELSE '' END
              || CASE WHEN g % ${M} = 3 THEN ' Legacy COBOL batches.' ELSE '' END
              || CASE WHEN g % ${M} = 7 THEN ' Kubernetes clusters.' ELSE '' END
              || repeat(CASE WHEN k.lang = 0 THEN ${lit(FRENCH.filler)} ELSE ${lit(ENGLISH.filler)} END, 1 + g % 6) AS description,
            CASE WHEN g % 17 = 0 THEN NULL ELSE
              (ARRAY['Paris','Paris','Paris','Paris','Paris','Lyon','Lyon','Marseille','Toulouse','Lille','Bordeaux','Nantes',
                     'Rennes','Strasbourg','Montpellier','Nice','Saint-Étienne','Genève','Bruxelles','London'])[1 + (g / 11) % 20]
              || CASE WHEN g % 2 = 0 AND (g / 11) % 20 < 5 THEN ' ' || (1 + g % 20) || 'e' ELSE '' END END AS location,
            (ARRAY['on_site','on_site','on_site','on_site','on_site','on_site','remote','remote','hybrid','hybrid'])[1 + (g / 3) % 10]::jobs.location_type AS location_type,
            (ARRAY['full_time','full_time','full_time','full_time','full_time','full_time','part_time','contract','temporary','internship'])[1 + (g / 13) % 10]::jobs.job_type AS job_type,
            CASE WHEN g % 5 = 0 THEN NULL ELSE 25000 + ((g * 37) % 60) * 1000 END AS salary_min
        ) s
        JOIN jobs.companies c ON c.id = s.company_id;
        CREATE TEMP TABLE bench_applyable AS
          SELECT (row_number() OVER (ORDER BY id) - 1)::int AS idx, id, employer_id, title, company_name, posted_at
          FROM public.bench_stage_jobs WHERE status <> 'draft';
        CREATE UNIQUE INDEX ON bench_applyable (idx);
        ANALYZE bench_applyable;`,
    },
    {
      name: `applications (${N * APPLICATIONS_PER_CANDIDATE})`,
      // Candidate k's slot i goes to job (k*A + i*B) mod n: 20 distinct jobs (B prime, not dividing n).
      // Every tenth candidate re-applied (slot 19) to the job of slot 0, whose application was
      // rejected or withdrawn: the partial unique index allows exactly that.
      sql: `
        WITH n AS (SELECT count(*)::bigint AS n FROM bench_applyable),
        slots AS (
          SELECT k, i, ((k - 1) * ${APPLICATIONS_PER_CANDIDATE} + i + 1)::int AS id,
                 CASE WHEN i = ${APPLICATIONS_PER_CANDIDATE - 1} AND k % 10 = 0 THEN (k::bigint * 7919) % n.n
                      ELSE (k::bigint * 7919 + i * ${stride}::bigint) % n.n END AS idx,
                 CASE WHEN i = 0 AND k % 10 = 0 THEN (CASE WHEN k % 20 = 0 THEN 'withdrawn' ELSE 'rejected' END)
                      ELSE (CASE WHEN (k * 31 + i * 17) % 100 < 35 THEN 'applied' WHEN (k * 31 + i * 17) % 100 < 50 THEN 'viewed'
                                 WHEN (k * 31 + i * 17) % 100 < 62 THEN 'shortlisted' WHEN (k * 31 + i * 17) % 100 < 72 THEN 'interview'
                                 WHEN (k * 31 + i * 17) % 100 < 77 THEN 'accepted' WHEN (k * 31 + i * 17) % 100 < 92 THEN 'rejected'
                                 ELSE 'withdrawn' END) END AS status,
                 ((k * 7 + i * 13) % 97) / 97.0 AS frac
          FROM generate_series(1, ${N}) k CROSS JOIN generate_series(0, ${APPLICATIONS_PER_CANDIDATE - 1}) i CROSS JOIN n
        )
        INSERT INTO applications.job_applications (id, job_id, candidate_id, employer_id, job_title, company_name, status,
                                                   cover_letter, notes, applied_at, status_changed_at, updated_at)
        OVERRIDING SYSTEM VALUE
        SELECT s.id, j.id, ${ids.candidate(0)} + s.k, j.employer_id, j.title, j.company_name, s.status::applications.application_status,
               CASE WHEN s.i % 3 = 0 THEN 'I would love to work with you on ' || j.title || '.' END,
               CASE WHEN s.status IN ('shortlisted', 'interview') AND s.k % 2 = 0 THEN 'Good profile.' END,
               t.applied_at, t.changed_at, t.changed_at
        FROM slots s JOIN bench_applyable j ON j.idx = s.idx
        CROSS JOIN LATERAL (SELECT j.posted_at + (least(now(), j.posted_at + interval '30 days') - j.posted_at) * s.frac AS applied_at) a
        CROSS JOIN LATERAL (SELECT a.applied_at,
          CASE WHEN s.status = 'applied' THEN a.applied_at
               ELSE least(now(), a.applied_at + make_interval(days => (s.k + s.i) % 14, hours => 1 + s.i)) END AS changed_at) t;
        SELECT setval(pg_get_serial_sequence('applications.job_applications', 'id'), (SELECT max(id) FROM applications.job_applications));`,
    },
    {
      name: 'jobs (with applications_count)',
      // jobs.applications_count is what the jobs service keeps: +1 per application, -1 per withdrawal.
      sql: `
        INSERT INTO jobs.jobs (id, employer_id, company_id, company_name, title, description, location, location_type, job_type,
                               salary_min, salary_max, requirements, responsibilities, benefits, status, is_featured,
                               views_count, applications_count, posted_at, expires_at, created_at, updated_at)
        OVERRIDING SYSTEM VALUE
        SELECT j.id, j.employer_id, j.company_id, j.company_name, j.title, j.description, j.location, j.location_type, j.job_type,
               j.salary_min, j.salary_max,
               CASE WHEN j.lang = 0 THEN 'Trois ans d''expérience.' ELSE 'Three years of experience.' END,
               CASE WHEN j.lang = 0 THEN 'Concevoir et maintenir.' ELSE 'Design and maintain.' END,
               CASE WHEN j.lang = 0 THEN 'Mutuelle.' ELSE 'Health insurance.' END,
               j.status, j.is_featured, j.views_count, coalesce(a.n, 0), j.posted_at, j.expires_at, j.created_at, j.created_at
        FROM public.bench_stage_jobs j
        LEFT JOIN (SELECT job_id, count(*) FILTER (WHERE status <> 'withdrawn')::int AS n
                   FROM applications.job_applications GROUP BY job_id) a ON a.job_id = j.id
        ORDER BY j.id;
        SELECT setval(pg_get_serial_sequence('jobs.jobs', 'id'), (SELECT max(id) FROM jobs.jobs));
        DROP TABLE public.bench_stage_jobs;`,
    },
    {
      name: 'job summaries (applications read model)',
      sql: `
        INSERT INTO applications.job_summaries (id, employer_id, title, company_name, location, location_type, job_type,
                                                salary_min, salary_max, currency, status, expires_at, version)
        SELECT id, employer_id, title, company_name, location, location_type::text, job_type::text, salary_min, salary_max,
               currency::text, status::text, expires_at, 1
        FROM jobs.jobs;`,
    },
    {
      name: `notifications (${N * APPLICATIONS_PER_CANDIDATE}) and unread counters`,
      // One per application: the employer's "new application" while it is still applied, else the
      // candidate's "status updated". Older ones are mostly read, recent ones mostly unread.
      sql: `
        INSERT INTO notifications.notifications (id, user_id, type, params, related_job_id, related_application_id,
                                                 is_read, read_at, created_at)
        OVERRIDING SYSTEM VALUE
        SELECT a.id, CASE WHEN a.status = 'applied' THEN a.employer_id ELSE a.candidate_id END,
               (CASE WHEN a.status = 'applied' THEN 'new_application' ELSE 'status_change' END)::notifications.notification_type,
               -- Stored as the notifier stores them: type + parameters, rendered in the reader's language when read.
               CASE WHEN a.status = 'applied' THEN jsonb_build_object('candidate', coalesce(u.first_name || ' ' || u.last_name, ''), 'job', a.job_title)
                    ELSE jsonb_build_object('job', a.job_title, 'status', a.status) END,
               a.job_id, a.id, r.is_read,
               CASE WHEN r.is_read THEN least(now(), a.status_changed_at + make_interval(hours => 1 + a.id % 48)) END,
               a.status_changed_at
        FROM applications.job_applications a
        LEFT JOIN auth.users u ON u.id = a.candidate_id
        CROSS JOIN LATERAL (SELECT CASE WHEN a.status_changed_at < now() - interval '7 days' THEN (a.id * 7) % 10 < 9
                                        ELSE (a.id * 7) % 10 < 3 END AS is_read) r;
        SELECT setval(pg_get_serial_sequence('notifications.notifications', 'id'), (SELECT max(id) FROM notifications.notifications));
        INSERT INTO notifications.notification_counters (user_id, unread_count)
        SELECT user_id, count(*) FILTER (WHERE NOT is_read)::int FROM notifications.notifications GROUP BY user_id;`,
    },
  ];
}

/** A prime that does not divide n (so i*B mod n differs for i < 20). */
function stridePrime(n: number): number {
  for (const p of [104729, 130363, 160073, 199999, 224737]) if (n % p !== 0) return p;
  throw new Error('no stride prime');
}

type Log = (line: string) => void;

/** Steps with elapsed time, as a bar on a terminal, as lines otherwise. */
export class Progress {
  private readonly started = Date.now();
  private done = 0;
  constructor(
    private readonly total: number,
    private readonly log: Log,
  ) {}

  async step<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const t0 = Date.now();
    this.log(`${this.bar()} ${name}…`);
    const result = await fn();
    this.done += 1;
    this.log(`${this.bar()} ${name}: ${secs(Date.now() - t0)} (total ${secs(Date.now() - this.started)})`);
    return result;
  }

  private bar(): string {
    const width = 20;
    const filled = Math.round((this.done / this.total) * width);
    return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${this.done}/${this.total}`;
  }

  elapsed(): number {
    return (Date.now() - this.started) / 1000;
  }
}

function secs(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

function databaseOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The marker's scale, or undefined when the database or its marker does not exist. */
async function existingScale(url: string): Promise<number | undefined> {
  try {
    return await withClient(url, async (client) => {
      const { rows } = await client.query(`SELECT to_regclass('public.bench_dataset') IS NOT NULL AS ok`);
      if (!rows[0].ok) return undefined;
      const marker = await client.query(`SELECT scale::float8 AS scale FROM public.bench_dataset ORDER BY created_at DESC LIMIT 1`);
      return marker.rows[0]?.scale as number | undefined;
    });
  } catch (error) {
    if (pgCode(error) === PG_INVALID_CATALOG_NAME) return undefined;
    throw error;
  }
}

/** Non-constraint indexes of a table (their definitions), dropped while it is loaded and built again after. */
async function dropIndexes(client: Client, table: string): Promise<string[]> {
  const { rows } = await client.query(
    `SELECT indexrelid::regclass::text AS name, pg_get_indexdef(indexrelid) AS def FROM pg_index
      WHERE indrelid = $1::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conindid = indexrelid)`,
    [table],
  );
  for (const row of rows) await client.query(`DROP INDEX ${row.name}`);
  return rows.map((r) => r.def as string);
}

const LOADED_TABLES = ['jobs.jobs', 'applications.job_applications', 'notifications.notifications'];

const JOB_SUMMARIES_DDL = `CREATE TABLE applications.job_summaries (id integer PRIMARY KEY, employer_id integer NOT NULL,
  title text NOT NULL, company_name text NOT NULL, location text, location_type text NOT NULL, job_type text NOT NULL,
  salary_min integer, salary_max integer, currency text NOT NULL, status text NOT NULL, expires_at timestamptz, version integer NOT NULL)`;

/** Builds the dataset (or reuses it when its marker says the same scale); resolves with what is there. */
export async function ensureDataset(options: DatasetOptions): Promise<DatasetInfo> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const size = datasetSize(options.scale);
  const name = databaseOf(options.url);
  if (!/bench|test/.test(name)) throw new Error(`refusing to (re)build database "${name}": its name must contain "bench" or "test"`);
  const found = options.fresh ? undefined : await existingScale(options.url);
  if (found === options.scale) {
    // Migrations merged since it was built apply here, not in the services' start-up (readiness timeout).
    const applied = await migrateAll(Object.assign(new DbConfig(), { DATABASE_URL: options.url }));
    const names = Object.values(applied).flat();
    log(`dataset: reusing ${name} (scale ${found}; --fresh rebuilds it)${names.length ? `; applied ${names.join(', ')}` : ''}`);
    return { url: options.url, size, reused: true, seconds: 0 };
  }
  log(
    `dataset: building ${name} at scale ${options.scale}: ${size.companies} companies, ${size.jobs} jobs, ` +
      `${size.candidates} candidates × ${APPLICATIONS_PER_CANDIDATE} applications, ${size.candidates * APPLICATIONS_PER_CANDIDATE} notifications`,
  );
  const all = steps(size, "''", 1);
  const progress = new Progress(all.length + 4, log);

  await progress.step(`drop and migrate ${name}`, async () => {
    await withClient(withDatabase(options.url, 'postgres'), (client) =>
      client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`),
    );
    await migrateAll(Object.assign(new DbConfig(), { DATABASE_URL: options.url }));
  });
  const hash = await progress.step('argon2id hash of the bench password', () => new PasswordsService().hash(BENCH_PASSWORD));

  await withClient(options.url, async (client) => {
    await client.query(`SET synchronous_commit = off; SET maintenance_work_mem = '256MB'; SET work_mem = '64MB'`);
    const { rows } = await client.query(`SELECT to_regclass('applications.job_summaries') IS NOT NULL AS ok`);
    if (!rows[0].ok) {
      // Until the read-model migration is merged: exactly its DDL, owned as a migration's table is.
      await client.query(JOB_SUMMARIES_DDL);
      await client.query(`ALTER TABLE applications.job_summaries OWNER TO ${MIGRATION_ROLE}`);
      await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON applications.job_summaries TO ${roleFor('applications')}`);
    }
    const indexes: string[] = [];
    for (const table of LOADED_TABLES) indexes.push(...(await dropIndexes(client, table)));
    // The applications' stride depends on how many jobs can be applied to, known once they are staged.
    let stride = 0;
    for (let i = 0; i < all.length; i += 1) {
      const step = steps(size, client.escapeLiteral(hash), stride)[i];
      await progress.step(step.name, () => client.query(step.sql));
      if (step.name === 'jobs (staging)') {
        const { rows: applyable } = await client.query(`SELECT count(*)::int AS n FROM bench_applyable`);
        stride = stridePrime(applyable[0].n);
      }
    }
    await progress.step(`indexes (${indexes.length})`, async () => {
      for (const def of indexes) await client.query(def);
    });
    await progress.step('VACUUM ANALYZE', () => client.query('VACUUM ANALYZE'));
    await client.query(`CREATE TABLE public.bench_dataset (scale numeric NOT NULL, created_at timestamptz NOT NULL DEFAULT now(),
                          seconds numeric NOT NULL, size jsonb NOT NULL)`);
    await client.query(`INSERT INTO public.bench_dataset (scale, seconds, size) VALUES ($1, $2, $3)`, [
      options.scale,
      progress.elapsed(),
      JSON.stringify(size),
    ]);
  });
  log(`dataset: ${name} built in ${progress.elapsed().toFixed(1)}s`);
  return { url: options.url, size, reused: false, seconds: progress.elapsed() };
}

/** `--name value` or `--name=value` from argv. */
export function flag(argv: string[], name: string): string | undefined {
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  const a = argv[i];
  return a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[i + 1];
}

/** The bench database's admin URL: BENCH_DATABASE_URL, else `--db NAME` (default intowork_bench) on the local server. */
export function benchDatabaseUrl(argv: string[], env: NodeJS.ProcessEnv = process.env): string {
  if (env.BENCH_DATABASE_URL) return env.BENCH_DATABASE_URL;
  return withDatabase(env.BENCH_ADMIN_URL || DEFAULT_ADMIN_URL, flag(argv, 'db') ?? 'intowork_bench');
}

async function main(argv: string[]): Promise<void> {
  useRunSecrets();
  await ensureDataset({
    scale: Number(flag(argv, 'scale') ?? process.env.BENCH_SCALE ?? 1),
    url: benchDatabaseUrl(argv),
    fresh: argv.includes('--fresh'),
  });
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(`bench:dataset: ${(error as Error)?.stack ?? String(error)}`);
    process.exit(1);
  });
}
