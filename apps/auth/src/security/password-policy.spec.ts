import { describeMissing, missingPasswordRequirements } from './password-policy';

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
    expect(describeMissing(['digit', 'special'])).toMatch(/a digit, one of !@#/);
  });
});
