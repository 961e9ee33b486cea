import { LOCALES, renderMsg, t } from '@app/contracts';
import { describeMissing, missingPasswordRequirements, PASSWORD_MIN_LENGTH, PASSWORD_SPECIALS } from './password-policy';

describe('password policy', () => {
  it('accepts a password with every class and 12 characters', () => {
    expect(missingPasswordRequirements('Abcdefghij1!')).toEqual([]);
    expect(missingPasswordRequirements('Zz9[correct horse]')).toEqual([]);
  });

  it('names each missing requirement', () => {
    expect(missingPasswordRequirements('Abcdefgh1!')).toEqual(['min_length']);
    expect(missingPasswordRequirements('abcdefghijk1!')).toEqual(['uppercase']);
    expect(missingPasswordRequirements('ABCDEFGHIJK1!')).toEqual(['lowercase']);
    expect(missingPasswordRequirements('Abcdefghijkl!')).toEqual(['digit']);
    expect(missingPasswordRequirements('Abcdefghijkl1')).toEqual(['special']);
    expect(missingPasswordRequirements('')).toEqual(['min_length', 'uppercase', 'lowercase', 'digit', 'special']);
  });

  it('counts only the listed special characters', () => {
    expect(missingPasswordRequirements('Abcdefghijk1~')).toEqual(['special']);
    expect(missingPasswordRequirements('Abcdefghijk1 ')).toEqual(['special']);
    for (const c of '!@#$%^&*()_+-=[]{}|;:,.<>?') expect(missingPasswordRequirements(`Abcdefghijk1${c}`)).toEqual([]);
  });

  it('describes what is missing in words', () => {
    expect(renderMsg('en', describeMissing(['digit', 'special']))).toMatch(/a digit and one of !@#/);
    expect(renderMsg('fr', describeMissing(['digit', 'special']))).toMatch(/un chiffre et un caractère spécial parmi !@#/);
  });

  it('the catalogues state the policy of this file', () => {
    for (const locale of LOCALES) {
      expect(t(locale, 'password.requirement.min_length')).toContain(String(PASSWORD_MIN_LENGTH));
      expect(t(locale, 'password.requirement.special')).toContain(PASSWORD_SPECIALS);
    }
  });
});
