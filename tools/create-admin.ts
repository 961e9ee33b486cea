/**
 * `npm run create-admin -- --email E [--password P] [--first-name F] [--last-name L]`
 *
 * Creates an administrator (self sign-up never can), an existing admin of that e-mail is left as is.
 * It asks the running auth service over NATS (AUTH_ADMIN_CREATE, NATS_URL, default
 * nats://127.0.0.1:4222, as the NATS user `tools`: NATS_PASSWORD or TOOLS_NATS_PASSWORD), so the password policy and hashing are the auth service's own. Without
 * --password a strong one is generated and printed once.
 */
import 'reflect-metadata';
import { randomBytes, randomInt } from 'node:crypto';
import { AdminCreateResponse, AUTH_ADMIN_CREATE } from '@app/contracts';
import { NatsLogin, natsLoginFromEnv, natsRequest } from './lib/nats-rpc';

const USAGE = 'usage: npm run create-admin -- --email <email> [--password <password>] [--first-name <name>] [--last-name <name>]';

/** Meets the password policy: upper, lower, digit and symbol, 20 characters. */
export function generatePassword(): string {
  const pick = (chars: string) => chars[randomInt(chars.length)];
  const base = randomBytes(12).toString('base64url').replace(/[-_]/g, 'x');
  return `${base}${pick('ABCDEFGHJKLMNPQRSTUVWXYZ')}${pick('abcdefghijkmnopqrstuvwxyz')}${pick('23456789')}${pick('!@#$%^&*')}Aa1!`.slice(
    0,
    24,
  );
}

export function parseArgs(argv: string[]): { email: string; password?: string; first_name?: string; last_name?: string } {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const match = /^--(email|password|first-name|last-name)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`unknown argument "${arg}"\n${USAGE}`);
    const value = match[2] ?? argv[++i];
    if (value === undefined) throw new Error(`--${match[1]} needs a value\n${USAGE}`);
    out[match[1]] = value;
  }
  if (!out.email) throw new Error(`--email is required\n${USAGE}`);
  return { email: out.email, password: out.password, first_name: out['first-name'], last_name: out['last-name'] };
}

export function createAdmin(
  nats: NatsLogin,
  admin: { email: string; password: string; first_name?: string; last_name?: string },
): Promise<AdminCreateResponse> {
  return natsRequest(nats, AUTH_ADMIN_CREATE, admin);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const generated = args.password === undefined;
  const password = args.password ?? generatePassword();
  const { user, created } = await createAdmin(natsLoginFromEnv(process.env), { ...args, password });
  if (!created) {
    console.log(`${user.email} is already an admin (id ${user.id}); nothing changed.`);
    return;
  }
  console.log(`admin ${user.email} (id ${user.id}) ready: sign in at POST /api/auth/signin`);
  if (generated) console.log(`password (shown once): ${password}`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(`create-admin: ${(err as Error)?.message ?? String(err)}`);
    process.exit(1);
  });
}
