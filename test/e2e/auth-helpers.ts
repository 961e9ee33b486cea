import { Client } from 'pg';
import { MAIL_LINK_PLACEHOLDER, mailLinkAad } from '@app/contracts';
import { currentKeyId, parseKeyList } from '../../libs/common/src/config/key-list';
import { TokenCipher } from '../../libs/common/src/crypto/token-cipher';
import { eventually, HttpResult, TestSystem } from '../support/test-system';

/** Shared by the identity suites: a strong password, sign-up, and reads of the test database. */
export const PASSWORD = 'Str0ng!Passw0rd';

let counter = 0;
export function uniqueEmail(prefix = 'user'): string {
  counter += 1;
  return `${prefix}.${Date.now().toString(36)}.${counter}@example.com`;
}

export interface SignedIn {
  access_token: string;
  refresh_token: string;
  user: { id: number; email: string; role: string };
}

export async function signup(
  system: TestSystem,
  role: 'candidate' | 'employer' = 'candidate',
  email = uniqueEmail(role),
): Promise<SignedIn> {
  const res = await system.request('POST', '/api/auth/signup', {
    body: { email, password: PASSWORD, first_name: 'Ada', last_name: 'Lovelace', role },
  });
  if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as SignedIn;
}

export async function withDb<T>(system: TestSystem, fn: (db: Client) => Promise<T>): Promise<T> {
  const db = new Client({ connectionString: system.databaseUrl });
  await db.connect();
  try {
    return await fn(db);
  } finally {
    await db.end();
  }
}

export interface RecordedMail {
  subject: string;
  /** The text as its recipient reads it: the sealed link opened and put in its place. */
  body_text: string;
}

/**
 * The newest mail of a kind to an address, read from notifications.outbound_mail (no SMTP in most
 * suites) as the notifications service would send it: its link is sealed there (MAIL_LINK_KEYS, the
 * suite's own), until the mail is sent or the link expires.
 */
export async function recordedMail(system: TestSystem, to: string, kind: string): Promise<RecordedMail | undefined> {
  const row = await withDb(system, async (db) => {
    const { rows } = await db.query(
      `SELECT subject, body_text, link_key_id, link_sealed FROM notifications.outbound_mail WHERE to_address = $1 AND kind = $2 ORDER BY id DESC LIMIT 1`,
      [to, kind],
    );
    return rows[0] as { subject: string; body_text: string; link_key_id: string | null; link_sealed: string | null } | undefined;
  });
  if (!row) return undefined;
  if (!row.link_sealed) return { subject: row.subject, body_text: row.body_text };
  const keys = system.env.MAIL_LINK_KEYS!;
  const link = new TokenCipher(parseKeyList(keys), currentKeyId(keys)).open(
    { key_id: row.link_key_id!, value: row.link_sealed },
    mailLinkAad({ to, kind }),
  );
  return { subject: row.subject, body_text: row.body_text.replaceAll(MAIL_LINK_PLACEHOLDER, link) };
}

/** The token in the newest mail of a kind sent to an address (see recordedMail). */
export async function mailToken(system: TestSystem, to: string, kind: string): Promise<string | undefined> {
  const match = (await recordedMail(system, to, kind))?.body_text.match(/token=([A-Za-z0-9_%-]+)/);
  return match ? decodeURIComponent(match[1]) : undefined;
}

/** POST /api/auth/oauth/signin as the web client's server: with the suite's client secret unless another is given (null: none). */
export function oauthSignin(
  system: TestSystem,
  body: Record<string, unknown>,
  secret: string | null = system.env.OAUTH_SIGNIN_SECRET!,
): Promise<HttpResult> {
  return system.request('POST', '/api/auth/oauth/signin', { body, headers: secret === null ? {} : { 'x-oauth-client-secret': secret } });
}

/** Verifies the address with the link of its verification mail. */
export async function verifyEmail(system: TestSystem, email: string): Promise<void> {
  const token = await eventually(() => mailToken(system, email, 'email_verification'));
  const res = await system.request('POST', '/api/auth/verify-email', { body: { token } });
  if (res.status !== 200) throw new Error(`verify-email failed: ${res.status} ${JSON.stringify(res.body)}`);
}
