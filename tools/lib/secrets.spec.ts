import { mkdtempSync, readFileSync, rmSync, statSync, chmodSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSecrets, loadOrCreateSecrets, PROCESS_SECRETS } from './secrets';

describe('the launcher secrets file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'intowork-secrets-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is created owner-only (0600) with a strong value of every secret the processes require, then reused as is', () => {
    const path = join(dir, '.data', 'secrets.env');
    const first = loadOrCreateSecrets(path);
    expect(first.created).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, '.data')).mode & 0o077).toBe(0);
    expect(Object.keys(first.values).sort()).toEqual(Object.keys(PROCESS_SECRETS).sort());
    for (const [name, value] of Object.entries(first.values)) {
      if (name === 'OAUTH_TOKEN_KEYS' || name === 'MAIL_LINK_KEYS') expect(Buffer.from(value.split(':')[1], 'base64')).toHaveLength(32);
      else expect(value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    }
    expect(readFileSync(path, 'utf8')).toContain(`JWT_SECRET=${first.values.JWT_SECRET}\n`);

    const second = loadOrCreateSecrets(path);
    expect(second).toMatchObject({ created: false, added: [], repairedMode: false, values: first.values });
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('adds a secret a newer version requires, keeping the others, and sets a readable file back to 0600', () => {
    const path = join(dir, 'secrets.env');
    const { JWT_SECRET, ...rest } = generateSecrets();
    writeFileSync(
      path,
      `# old file\n${Object.entries(rest)
        .map(([k, v]) => `${k}=${v}`)
        .join('\n')}\n`,
    );
    chmodSync(path, 0o644);
    const file = loadOrCreateSecrets(path);
    expect(file).toMatchObject({ created: false, added: ['JWT_SECRET'], repairedMode: true });
    expect(file.values).toMatchObject(rest);
    expect(file.values.JWT_SECRET).not.toBe(JWT_SECRET);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(loadOrCreateSecrets(path).values).toEqual(file.values);
  });

  it('generates different values every time', () => {
    expect(generateSecrets().JWT_SECRET).not.toBe(generateSecrets().JWT_SECRET);
  });
});
