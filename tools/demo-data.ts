/**
 * The demo dataset `npm start` loads on an empty database: two companies with their employers, five
 * jobs (four published), three candidates with five applications (one withdrawn, three moved on by
 * the employers, which also writes the notifications), and one admin. It drives the running
 * gateway's real HTTP API, as the web client would; the admin, which sign-up can never create, goes
 * through the auth service's own AUTH_ADMIN_CREATE (as `npm run create-admin` does).
 *
 * Sign-up is rate-limited per client IP (RATE_LIMIT_SIGNUP, 3 an hour by default), and all of these
 * come from this machine: when the gateway answers 429, the remaining sign-ups go to the auth
 * service's sign-up request (AUTH_SIGNUP) directly, the very code behind POST /api/auth/signup.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { AUTH_SIGNUP } from '@app/contracts';
import { createAdmin } from './create-admin';
import { NatsLogin, natsLoginFromEnv, natsRequest } from './lib/nats-rpc';

/**
 * A fresh password for the demo users (the admin included): never one written in this repository,
 * which anyone could use on a machine running the demo. 24 random bytes plus one character of each
 * class the password policy asks for. `npm start` keeps its own in .data/secrets.env (DEMO_PASSWORD).
 */
export function generateDemoPassword(): string {
  return `Demo-${randomBytes(24).toString('base64url')}-9a`;
}
export const DEMO_ADMIN_EMAIL = 'admin@intowork.demo';
/** How long the loader keeps asking to apply to a job the applications service has not heard of yet. */
const APPLY_RETRY_MS = 20_000;

export interface DemoUser {
  id: number;
  email: string;
  role: 'candidate' | 'employer' | 'admin';
  token: string;
}

export interface DemoData {
  admin: DemoUser;
  employers: Record<'emma' | 'lucas', DemoUser>;
  candidates: Record<'alice' | 'bruno' | 'chloe', DemoUser>;
  companies: Record<'nordlys' | 'verde', number>;
  jobs: Record<'dataEngineer' | 'designer' | 'backend' | 'frontend' | 'intern', number>;
  applications: number[];
  /** The password of every demo user. */
  password: string;
}

class DemoError extends Error {}

export class DemoLoader {
  constructor(
    private readonly baseUrl: string,
    private readonly nats: NatsLogin,
    private readonly log: (line: string) => void = () => undefined,
    private readonly password: string = generateDemoPassword(),
  ) {}

  private async call<T = any>(
    method: string,
    path: string,
    body?: unknown,
    token?: string,
    expected = [200, 201, 204],
  ): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await fetch(`${this.baseUrl}/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    const parsed = text ? JSON.parse(text) : undefined;
    if (!expected.includes(res.status)) throw new DemoError(`${method} /api${path} answered ${res.status}: ${text.slice(0, 300)}`);
    return { status: res.status, body: parsed as T };
  }

  private async signup(email: string, first_name: string, last_name: string, role: 'candidate' | 'employer'): Promise<DemoUser> {
    const body = { email, password: this.password, first_name, last_name, role };
    const res = await this.call('POST', '/auth/signup', body, undefined, [201, 429]);
    const signedIn = res.status === 201 ? res.body : await natsRequest(this.nats, AUTH_SIGNUP, body);
    return { id: signedIn.user.id, email, role, token: signedIn.access_token };
  }

  private async job(token: string, title: string, extra: Record<string, unknown>): Promise<number> {
    const description = `${title}: join a small team that ships every week. You will own features end to end, from the first sketch to production, with people who care about their craft.`;
    const res = await this.call('POST', '/jobs/create', { title, description, currency: 'EUR', ...extra }, token);
    return res.body.id;
  }

  /**
   * The applications service learns of a new job from its event; it waits 2 s for one it does not know
   * yet. On a system that has just started (a NATS cluster still electing the stream's leader) the
   * event can take longer, so the loader asks again for a while instead of failing the whole seed.
   */
  private async apply(token: string, jobId: number, cover_letter: string): Promise<number> {
    const giveUpAt = Date.now() + APPLY_RETRY_MS;
    for (;;) {
      const res = await this.call<{ id: number; code?: string }>(
        'POST',
        '/applications/my/applications',
        { job_id: jobId, cover_letter },
        token,
        [201, 404],
      );
      if (res.status === 201) return res.body.id;
      if (res.body.code !== 'APPLICATIONS.JOB_NOT_FOUND' || Date.now() > giveUpAt)
        throw new DemoError(`POST /api/applications/my/applications answered 404 for job ${jobId}: ${JSON.stringify(res.body)}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  private async setStatus(token: string, applicationId: number, status: string): Promise<void> {
    await this.call('PUT', `/applications/employer/applications/${applicationId}/status`, { status }, token);
  }

  async load(): Promise<DemoData> {
    const { user: adminUser } = await createAdmin(this.nats, {
      email: DEMO_ADMIN_EMAIL,
      password: this.password,
      first_name: 'Ada',
      last_name: 'Admin',
    });
    const adminSignin = await this.call(
      'POST',
      '/auth/signin',
      { email: DEMO_ADMIN_EMAIL, password: this.password },
      undefined,
      [200, 429],
    );
    const admin: DemoUser = {
      id: adminUser.id,
      email: DEMO_ADMIN_EMAIL,
      role: 'admin',
      token: adminSignin.status === 200 ? adminSignin.body.access_token : '',
    };

    const emma = await this.signup('emma.employer@intowork.demo', 'Emma', 'Laurent', 'employer');
    const lucas = await this.signup('lucas.employer@intowork.demo', 'Lucas', 'Martin', 'employer');
    const alice = await this.signup('alice.candidate@intowork.demo', 'Alice', 'Durand', 'candidate');
    const bruno = await this.signup('bruno.candidate@intowork.demo', 'Bruno', 'Petit', 'candidate');
    const chloe = await this.signup('chloe.candidate@intowork.demo', 'Chloé', 'Moreau', 'candidate');
    this.log('users signed up');

    const nordlys = (
      await this.call(
        'POST',
        '/companies',
        {
          name: 'Nordlys Analytics',
          industry: 'Data & AI',
          size: '11-50',
          city: 'Lyon',
          country: 'France',
          website_url: 'https://nordlys.example',
        },
        emma.token,
      )
    ).body.id;
    const verde = (
      await this.call(
        'POST',
        '/companies',
        { name: 'Atelier Verde', industry: 'E-commerce', size: '51-200', city: 'Nantes', country: 'France' },
        lucas.token,
      )
    ).body.id;
    await this.call('PUT', '/employers/me', { position: 'Head of Talent' }, emma.token);

    const jobs = {
      dataEngineer: await this.job(emma.token, 'Senior Data Engineer', {
        location: 'Lyon',
        location_type: 'hybrid',
        job_type: 'full_time',
        salary_min: 55000,
        salary_max: 70000,
      }),
      designer: await this.job(emma.token, 'Product Designer', {
        location: 'Lyon',
        location_type: 'on_site',
        job_type: 'full_time',
        salary_min: 42000,
        salary_max: 52000,
      }),
      backend: await this.job(emma.token, 'Backend Developer (Node.js)', {
        location: 'Remote',
        location_type: 'remote',
        job_type: 'contract',
        status: 'draft',
      }),
      frontend: await this.job(lucas.token, 'Frontend Developer (React)', {
        location: 'Nantes',
        location_type: 'remote',
        job_type: 'full_time',
        salary_min: 45000,
        salary_max: 58000,
      }),
      intern: await this.job(lucas.token, 'Marketing Intern', { location: 'Nantes', location_type: 'on_site', job_type: 'internship' }),
    };
    this.log('companies and jobs created');

    await this.call(
      'PUT',
      '/candidates/profile',
      { phone: '+33 6 12 34 56 78', location: 'Lyon', title: 'Data engineer', summary: 'Pipelines, SQL and Python.' },
      alice.token,
    );
    const aliceData = await this.apply(alice.token, jobs.dataEngineer, 'I have built data platforms for five years.');
    const aliceDesign = await this.apply(alice.token, jobs.designer, 'I also love design systems.');
    const aliceFront = await this.apply(alice.token, jobs.frontend, 'React is my second language.');
    const brunoData = await this.apply(bruno.token, jobs.dataEngineer, 'Looking for my next challenge.');
    const chloeDesign = await this.apply(chloe.token, jobs.designer, 'Designer with a product mindset.');
    await this.call('DELETE', `/applications/my/applications/${chloeDesign}`, undefined, chloe.token);
    await this.setStatus(emma.token, aliceData, 'interview');
    await this.setStatus(emma.token, brunoData, 'viewed');
    await this.setStatus(lucas.token, aliceFront, 'shortlisted');
    this.log('applications sent and answered');

    return {
      admin,
      employers: { emma, lucas },
      candidates: { alice, bruno, chloe },
      companies: { nordlys, verde },
      jobs,
      applications: [aliceData, aliceDesign, aliceFront, brunoData, chloeDesign],
      password: this.password,
    };
  }
}

/** What `npm start` prints after loading the demo. */
export function demoSignIns(data: DemoData): string[] {
  const all = [data.admin, ...Object.values(data.employers), ...Object.values(data.candidates)];
  return [`Demo sign-ins (password for all: ${data.password}):`, ...all.map((u) => `  ${u.role.padEnd(10)} ${u.email}`)];
}

/** Loads the demo through the gateway at `baseUrl`; its users' password is `password`, else a fresh one (DemoData.password). */
export function loadDemoData(baseUrl: string, nats: NatsLogin, log?: (line: string) => void, password?: string): Promise<DemoData> {
  return new DemoLoader(baseUrl, nats, log, password).load();
}

/** The demo password earlier versions wrote in this repository (and so, in every demo database they made). */
const PUBLISHED_DEMO_PASSWORD = 'Demo!Passw0rd2026';

/**
 * A demo database made by an earlier version has its admin on the published password: when it still
 * signs in with it, its password becomes `password`. Resolves true when it did so. The other demo
 * users (not admins) keep theirs: `npm start` says so.
 */
export async function replacePublishedDemoAdminPassword(gatewayUrl: string, password: string): Promise<boolean> {
  const post = (path: string, body: unknown, token?: string) =>
    fetch(`${gatewayUrl}/api/auth/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
  const signin = await post('signin', { email: DEMO_ADMIN_EMAIL, password: PUBLISHED_DEMO_PASSWORD });
  if (signin.status !== 200) return false;
  const { access_token } = (await signin.json()) as { access_token: string };
  const changed = await post('change-password', { current_password: PUBLISHED_DEMO_PASSWORD, new_password: password }, access_token);
  return changed.status === 200;
}

/**
 * Called by `npm start` once the processes are ready: loads the demo when auth.users is empty (a
 * fresh database) and prints its sign-ins, with the password DEMO_PASSWORD (the launcher's generated
 * one), else a fresh one. Never in production, nor with INTOWORK_DEMO_DATA=false.
 * A failure is reported, and the system keeps running.
 */
export async function loadDemoIfEmpty(env: NodeJS.ProcessEnv, gatewayUrl: string): Promise<DemoData | undefined> {
  if (env.NODE_ENV === 'production' || env.INTOWORK_DEMO_DATA === 'false') return undefined;
  const { Client } = await import('pg');
  const db = new Client({ connectionString: env.DATABASE_URL });
  try {
    await db.connect();
    const { rows } = await db.query('SELECT EXISTS (SELECT 1 FROM auth.users) AS any');
    if (rows[0].any) {
      if (env.DEMO_PASSWORD && (await replacePublishedDemoAdminPassword(gatewayUrl, env.DEMO_PASSWORD).catch(() => false))) {
        console.log(
          `The demo admin ${DEMO_ADMIN_EMAIL} had the password published in the repository: it is now DEMO_PASSWORD of .data/secrets.env.`,
        );
        console.log('The other demo users still have the published one: change their passwords, or start on an empty database.');
      }
      return undefined;
    }
  } finally {
    await db.end().catch(() => undefined);
  }
  try {
    const data = await loadDemoData(
      gatewayUrl,
      natsLoginFromEnv({ NATS_URL: env.NATS_URL, TOOLS_NATS_PASSWORD: env.TOOLS_NATS_PASSWORD }),
      undefined,
      env.DEMO_PASSWORD || undefined,
    );
    for (const line of demoSignIns(data)) console.log(line);
    return data;
  } catch (err) {
    console.error(`demo data not loaded: ${(err as Error).message}`);
    return undefined;
  }
}
