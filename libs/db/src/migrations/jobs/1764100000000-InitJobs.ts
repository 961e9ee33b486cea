import { MigrationInterface, QueryRunner } from 'typeorm';
import { createEventTablesSql, dropEventTablesSql } from '../shared/event-tables';

/**
 * Schema `jobs`: companies, their members, jobs with a generated full-text search vector, and the
 * event plumbing every schema has (outbox, processed_events, parked_events).
 * Search is case- and accent-insensitive, in French and English: every text search configuration
 * runs tokens through public.unaccent before its stemmer. pg_trgm and unaccent are created in
 * schema public by the database bootstrap (an extension needs more rights than a service role has).
 * Migrations are frozen snapshots: each is self-contained SQL, never edited once shipped (the event
 * plumbing comes from shared/event-tables.ts, frozen in the same way).
 */
export class InitJobs1764100000000 implements MigrationInterface {
  name = 'InitJobs1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TYPE jobs.job_type AS ENUM ('full_time', 'part_time', 'contract', 'temporary', 'internship');
      CREATE TYPE jobs.location_type AS ENUM ('on_site', 'remote', 'hybrid');
      CREATE TYPE jobs.job_status AS ENUM ('draft', 'published', 'closed', 'archived');

      -- public.unaccent is only STABLE (its dictionary could change). This wrapper names the
      -- dictionary explicitly (no search_path lookup) and is declared IMMUTABLE, as an index
      -- expression requires; if the unaccent rules ever change, reindex.
      CREATE FUNCTION jobs.f_unaccent(text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;

      CREATE TEXT SEARCH CONFIGURATION jobs.intowork_simple (COPY = pg_catalog.simple);
      ALTER TEXT SEARCH CONFIGURATION jobs.intowork_simple
        ALTER MAPPING FOR asciiword, word, hword, hword_part, hword_asciipart, asciihword
        WITH public.unaccent, pg_catalog.simple;
      CREATE TEXT SEARCH CONFIGURATION jobs.intowork_en (COPY = pg_catalog.english);
      ALTER TEXT SEARCH CONFIGURATION jobs.intowork_en
        ALTER MAPPING FOR asciiword, word, hword, hword_part, hword_asciipart, asciihword
        WITH public.unaccent, pg_catalog.english_stem;
      CREATE TEXT SEARCH CONFIGURATION jobs.intowork_fr (COPY = pg_catalog.french);
      ALTER TEXT SEARCH CONFIGURATION jobs.intowork_fr
        ALTER MAPPING FOR asciiword, word, hword, hword_part, hword_asciipart, asciihword
        WITH public.unaccent, pg_catalog.french_stem;

      CREATE TABLE jobs.companies (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        name text NOT NULL,
        description text,
        industry text,
        size text,
        website_url text,
        linkedin_url text,
        address text,
        city text,
        country text,
        logo_url text,
        created_by integer NOT NULL, -- auth user id (no cross-schema foreign key)
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      -- Company-name search: WHERE jobs.f_unaccent(lower(name)) % / ILIKE jobs.f_unaccent(lower($1)).
      CREATE INDEX companies_name_trgm_idx ON jobs.companies
        USING gin (jobs.f_unaccent(lower(name)) public.gin_trgm_ops);

      -- An employer (auth user id) belongs to at most one company.
      CREATE TABLE jobs.company_members (
        user_id integer PRIMARY KEY,
        company_id integer NOT NULL REFERENCES jobs.companies (id) ON DELETE CASCADE,
        joined_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX company_members_company_idx ON jobs.company_members (company_id);

      CREATE TABLE jobs.jobs (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        employer_id integer NOT NULL, -- auth user id of the owner (no cross-schema foreign key)
        company_id integer NOT NULL REFERENCES jobs.companies (id) ON DELETE CASCADE,
        company_name text NOT NULL, -- denormalised for search and listing
        title text NOT NULL,
        description text NOT NULL,
        location text,
        location_type jobs.location_type NOT NULL,
        job_type jobs.job_type NOT NULL,
        salary_min integer CONSTRAINT jobs_salary_min_check CHECK (salary_min >= 0),
        salary_max integer,
        currency char(3) NOT NULL DEFAULT 'EUR',
        requirements text,
        responsibilities text,
        benefits text,
        status jobs.job_status NOT NULL DEFAULT 'draft',
        is_featured boolean NOT NULL DEFAULT false,
        views_count integer NOT NULL DEFAULT 0,
        applications_count integer NOT NULL DEFAULT 0
          CONSTRAINT jobs_applications_count_check CHECK (applications_count >= 0),
        posted_at timestamptz,
        expires_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        -- Title and company name weigh A, description B; each text is indexed unstemmed (exact
        -- words, names) and with the English and French stemmers, so a query in either language
        -- (built with the matching configuration) finds inflected forms.
        search_vector tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('jobs.intowork_simple', coalesce(title, '') || ' ' || company_name), 'A') ||
          setweight(to_tsvector('jobs.intowork_en', coalesce(title, '')), 'A') ||
          setweight(to_tsvector('jobs.intowork_fr', coalesce(title, '')), 'A') ||
          setweight(to_tsvector('jobs.intowork_simple', description), 'B') ||
          setweight(to_tsvector('jobs.intowork_en', description), 'B') ||
          setweight(to_tsvector('jobs.intowork_fr', description), 'B')
        ) STORED,
        CONSTRAINT jobs_salary_range_check CHECK (salary_min <= salary_max),
        CONSTRAINT jobs_dates_check CHECK (posted_at <= expires_at)
      );
      CREATE INDEX jobs_published_location_type_idx ON jobs.jobs (status, location_type)
        WHERE status = 'published';
      CREATE INDEX jobs_published_job_type_idx ON jobs.jobs (status, job_type)
        WHERE status = 'published';
      CREATE INDEX jobs_employer_status_idx ON jobs.jobs (employer_id, status);
      CREATE INDEX jobs_published_company_idx ON jobs.jobs (company_id, status)
        WHERE status = 'published';
      -- Keyset paging of the public list: ORDER BY posted_at DESC, id DESC.
      CREATE INDEX jobs_published_recent_idx ON jobs.jobs (posted_at DESC, id DESC)
        WHERE status = 'published';
      CREATE INDEX jobs_search_idx ON jobs.jobs USING gin (search_vector);

      ${createEventTablesSql('jobs')}
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ${dropEventTablesSql('jobs')}
      DROP TABLE jobs.jobs;
      DROP TABLE jobs.company_members;
      DROP TABLE jobs.companies;
      DROP TEXT SEARCH CONFIGURATION jobs.intowork_fr;
      DROP TEXT SEARCH CONFIGURATION jobs.intowork_en;
      DROP TEXT SEARCH CONFIGURATION jobs.intowork_simple;
      DROP FUNCTION jobs.f_unaccent(text);
      DROP TYPE jobs.job_status;
      DROP TYPE jobs.location_type;
      DROP TYPE jobs.job_type;
    `);
  }
}
