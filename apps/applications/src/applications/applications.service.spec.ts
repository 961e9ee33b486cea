import { displayName } from './applications.service';

describe('displayName', () => {
  it('joins first and last name, falls back to the e-mail, then to a neutral word', () => {
    expect(displayName({ first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.test' })).toBe('Ada Lovelace');
    expect(displayName({ first_name: ' ', last_name: '', email: 'ada@example.test' })).toBe('ada@example.test');
    expect(displayName(undefined)).toBe('A candidate');
  });
});
