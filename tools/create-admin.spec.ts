import { missingPasswordRequirements } from '../apps/auth/src/security/password-policy';
import { generatePassword, parseArgs } from './create-admin';

describe('create-admin command line', () => {
  it('parses --email, --password and names, in both --flag value and --flag=value forms', () => {
    expect(parseArgs(['--email', 'a@b.c', '--password=Xy1!xxxxxxxxxx', '--first-name', 'Ada'])).toEqual({
      email: 'a@b.c',
      password: 'Xy1!xxxxxxxxxx',
      first_name: 'Ada',
      last_name: undefined,
    });
  });

  it('refuses a missing e-mail, an unknown flag or a flag without value', () => {
    expect(() => parseArgs([])).toThrow(/--email is required/);
    expect(() => parseArgs(['--email', 'a@b.c', '--role', 'admin'])).toThrow(/unknown argument/);
    expect(() => parseArgs(['--email'])).toThrow(/needs a value/);
  });

  it('generates passwords that meet the password policy, different each time', () => {
    const passwords = Array.from({ length: 50 }, generatePassword);
    for (const p of passwords) expect(missingPasswordRequirements(p)).toEqual([]);
    expect(new Set(passwords).size).toBe(50);
  });
});
