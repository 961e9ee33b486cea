import { MigrationInterface, QueryRunner } from 'typeorm';
import { createEventTablesSql, dropEventTablesSql } from '../shared/event-tables';

/**
 * Schema `auth`: users and their profiles, OAuth accounts, refresh-token sessions, one-time tokens,
 * and the event plumbing every schema has (outbox, processed_events, parked_events).
 * Migrations are frozen snapshots: each is self-contained SQL, never edited once shipped (the event
 * plumbing comes from shared/event-tables.ts, frozen in the same way).
 */
export class InitAuth1764100000000 implements MigrationInterface {
  name = 'InitAuth1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TYPE auth.user_role AS ENUM ('candidate', 'employer', 'admin');
      CREATE TYPE auth.skill_category AS ENUM ('technical', 'soft', 'language');

      -- e-mail is stored lower-cased, so a plain unique index is case-insensitive uniqueness.
      CREATE TABLE auth.users (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        email text NOT NULL CONSTRAINT users_email_lower_check CHECK (email = lower(email)),
        password_hash text,
        first_name text NOT NULL DEFAULT '',
        last_name text NOT NULL DEFAULT '',
        image text,
        role auth.user_role NOT NULL,
        is_active boolean NOT NULL DEFAULT true,
        email_verified_at timestamptz,
        password_changed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX users_email_key ON auth.users (email);

      CREATE TABLE auth.candidates (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        user_id integer NOT NULL CONSTRAINT candidates_user_id_key UNIQUE
          REFERENCES auth.users (id) ON DELETE CASCADE,
        phone text,
        location text,
        linkedin_url text,
        website_url text,
        title text,
        summary text,
        years_experience integer CONSTRAINT candidates_years_experience_check CHECK (years_experience >= 0),
        salary_expectation_min integer,
        salary_expectation_max integer,
        cv_url text,
        cv_filename text,
        cv_uploaded_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT candidates_salary_expectation_check CHECK (salary_expectation_min <= salary_expectation_max)
      );

      CREATE TABLE auth.employers (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        user_id integer NOT NULL CONSTRAINT employers_user_id_key UNIQUE
          REFERENCES auth.users (id) ON DELETE CASCADE,
        position text,
        department text,
        phone text,
        can_create_jobs boolean NOT NULL DEFAULT true,
        can_manage_candidates boolean NOT NULL DEFAULT true,
        is_admin boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      -- Dates of experiences and educations are months: 'YYYY-MM'.
      CREATE TABLE auth.experiences (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        candidate_id integer NOT NULL REFERENCES auth.candidates (id) ON DELETE CASCADE,
        title text NOT NULL,
        company text NOT NULL,
        location text,
        start_date char(7) NOT NULL CONSTRAINT experiences_start_date_check
          CHECK (start_date ~ '^\\d{4}-(0[1-9]|1[0-2])$'),
        end_date char(7) CONSTRAINT experiences_end_date_check
          CHECK (end_date ~ '^\\d{4}-(0[1-9]|1[0-2])$'),
        is_current boolean NOT NULL DEFAULT false,
        description text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX experiences_candidate_current_idx ON auth.experiences (candidate_id, is_current);

      CREATE TABLE auth.educations (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        candidate_id integer NOT NULL REFERENCES auth.candidates (id) ON DELETE CASCADE,
        degree text NOT NULL,
        school text NOT NULL,
        location text,
        start_date char(7) CONSTRAINT educations_start_date_check
          CHECK (start_date ~ '^\\d{4}-(0[1-9]|1[0-2])$'),
        end_date char(7) CONSTRAINT educations_end_date_check
          CHECK (end_date ~ '^\\d{4}-(0[1-9]|1[0-2])$'),
        description text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX educations_candidate_idx ON auth.educations (candidate_id);

      CREATE TABLE auth.skills (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        candidate_id integer NOT NULL REFERENCES auth.candidates (id) ON DELETE CASCADE,
        name text NOT NULL,
        level smallint NOT NULL CONSTRAINT skills_level_check CHECK (level BETWEEN 1 AND 5),
        category auth.skill_category NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX skills_candidate_name_idx ON auth.skills (candidate_id, name);

      -- At most one active CV per candidate; at most 5 MiB each.
      CREATE TABLE auth.candidate_cvs (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        candidate_id integer NOT NULL REFERENCES auth.candidates (id) ON DELETE CASCADE,
        filename text NOT NULL,
        content bytea NOT NULL,
        content_type text NOT NULL DEFAULT 'application/pdf',
        file_size integer NOT NULL CONSTRAINT candidate_cvs_file_size_check
          CHECK (file_size > 0 AND file_size <= 5242880),
        sha256 char(64) NOT NULL,
        is_active boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX candidate_cvs_active_key ON auth.candidate_cvs (candidate_id) WHERE is_active;
      CREATE INDEX candidate_cvs_candidate_created_idx ON auth.candidate_cvs (candidate_id, created_at DESC);

      CREATE TABLE auth.accounts (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        user_id integer NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
        type text NOT NULL DEFAULT 'oauth',
        provider text NOT NULL,
        provider_account_id text NOT NULL,
        access_token_enc text,
        refresh_token_enc text,
        expires_at timestamptz,
        key_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT accounts_user_provider_key UNIQUE (user_id, provider, provider_account_id),
        CONSTRAINT accounts_provider_key UNIQUE (provider, provider_account_id)
      );

      -- One row per issued refresh token; a family is one sign-in (reuse revokes the family).
      CREATE TABLE auth.sessions (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        family_id uuid NOT NULL,
        user_id integer NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
        session_token char(64) NOT NULL CONSTRAINT sessions_session_token_key UNIQUE,
        expires timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz,
        user_agent text,
        ip text,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX sessions_expires_idx ON auth.sessions (expires);
      CREATE INDEX sessions_family_idx ON auth.sessions (family_id);
      CREATE INDEX sessions_user_idx ON auth.sessions (user_id);

      CREATE TABLE auth.verification_tokens (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        identifier text NOT NULL,
        user_id integer NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
        token char(64) NOT NULL,
        expires timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT verification_tokens_identifier_token_key UNIQUE (identifier, token)
      );
      CREATE INDEX verification_tokens_expires_idx ON auth.verification_tokens (expires);
      -- Serves the ON DELETE CASCADE from users and "spend the user's other tokens".
      CREATE INDEX verification_tokens_user_idx ON auth.verification_tokens (user_id);

      CREATE TABLE auth.password_reset_tokens (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        user_id integer NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
        token char(64) NOT NULL CONSTRAINT password_reset_tokens_token_key UNIQUE,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX password_reset_tokens_unused_expires_idx ON auth.password_reset_tokens (expires_at)
        WHERE used_at IS NULL;
      -- Serves the ON DELETE CASCADE from users and "revoke the user's other reset tokens".
      CREATE INDEX password_reset_tokens_user_idx ON auth.password_reset_tokens (user_id);

      ${createEventTablesSql('auth')}
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ${dropEventTablesSql('auth')}
      DROP TABLE auth.password_reset_tokens;
      DROP TABLE auth.verification_tokens;
      DROP TABLE auth.sessions;
      DROP TABLE auth.accounts;
      DROP TABLE auth.candidate_cvs;
      DROP TABLE auth.skills;
      DROP TABLE auth.educations;
      DROP TABLE auth.experiences;
      DROP TABLE auth.employers;
      DROP TABLE auth.candidates;
      DROP TABLE auth.users;
      DROP TYPE auth.skill_category;
      DROP TYPE auth.user_role;
    `);
  }
}
