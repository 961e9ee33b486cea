import { TYPE } from '@formatjs/icu-messageformat-parser';
import { IntlMessageFormat } from 'intl-messageformat';
import { APPLICATIONS_ERRORS, AUTH_ERRORS, COMMON_ERRORS, JOBS_ERRORS, NOTIFICATIONS_ERRORS, OPS_ERRORS } from '../errors';
import { localeFromAcceptLanguage, LOCALES } from './locale';
import { MESSAGE_PARAMS, MessageKey, msg } from './messages';
import { CATALOGUES, renderMsg, t, tryRender } from './render';

/** The argument names an ICU message uses (at any depth: inside select and plural branches too). */
function argumentsOf(message: string, locale: string): Set<string> {
  const names = new Set<string>();
  const walk = (nodes: ReturnType<IntlMessageFormat['getAst']>): void => {
    for (const node of nodes) {
      if ('value' in node && typeof node.value === 'string' && node.type !== TYPE.literal) names.add(node.value);
      if ('options' in node) for (const option of Object.values(node.options)) walk(option.value);
    }
  };
  walk(new IntlMessageFormat(message, locale).getAst());
  return names;
}

const declared = (key: string): readonly string[] => (MESSAGE_PARAMS as Record<string, readonly string[]>)[key] ?? [];

describe('message catalogues', () => {
  const keys = Object.keys(CATALOGUES.en).sort();

  it('every key exists in every language', () => {
    for (const locale of LOCALES) expect(Object.keys(CATALOGUES[locale]).sort()).toEqual(keys);
    for (const key of Object.keys(MESSAGE_PARAMS)) expect(keys).toContain(key);
  });

  it('every parameter a message uses is declared (so its callers give it), and every declared one is used', () => {
    for (const key of keys) {
      const used = new Set<string>();
      for (const locale of LOCALES) {
        const args = argumentsOf(CATALOGUES[locale][key as MessageKey], locale);
        for (const name of args) {
          if (!declared(key).includes(name)) throw new Error(`${locale}: ${key} uses {${name}}, not in MESSAGE_PARAMS`);
          used.add(name);
        }
      }
      expect({ key, params: [...used].sort() }).toEqual({ key, params: [...declared(key)].sort() });
    }
  });

  it('every error code of the registry has its message, without parameters', () => {
    const groups = [COMMON_ERRORS, AUTH_ERRORS, JOBS_ERRORS, APPLICATIONS_ERRORS, NOTIFICATIONS_ERRORS, OPS_ERRORS];
    for (const { code } of groups.flatMap((g) => Object.values(g))) {
      expect(keys).toContain(`error.${code}`);
      expect(declared(`error.${code}`)).toEqual([]);
    }
  });

  it('French typography: a narrow no-break space before ; : ! ?, no-break spaces inside « », typographic apostrophes', () => {
    for (const key of keys) {
      const text = CATALOGUES.fr[key as MessageKey];
      // Password specials are a literal list of characters, not punctuation.
      if (key === 'password.requirement.special') continue;
      expect({ key, bad: text.match(/ [;:!?»]|« |[^\u202f\u00a0 ][;!?]|'(?!\{)/g) }).toEqual({ key, bad: null });
    }
  });

  it('renders parameters, selects and plurals in each language', () => {
    const p = { job: 'Dev', status: 'interview' };
    expect(t('fr', 'notification.status_change.message', p)).toBe(
      'Votre candidature à l’offre «\u00a0Dev\u00a0» passe à l’étape de l’entretien.',
    );
    expect(t('en', 'notification.status_change.message', p)).toBe('Your application to "Dev" was moved to the interview stage.');
    expect(t('fr', 'dashboard.change.answered', { responded: 1, total: 3 })).toBe('1 réponse sur 3 candidatures');
    expect(t('fr', 'dashboard.change.answered', { responded: 0, total: 1 })).toBe('0 réponse sur 1 candidature');
    expect(t('en', 'dashboard.activity.user_signed_up', { role: 'employer' })).toBe('New employer signed up');
  });

  it('renders a list parameter as a list in the reader’s language', () => {
    const weak = msg('error.password.weak', {
      missing: ['password.requirement.uppercase', 'password.requirement.digit', 'password.requirement.special'],
    });
    expect(renderMsg('fr', weak)).toBe(
      'Le mot de passe doit contenir une lettre majuscule, un chiffre et un caractère spécial parmi !@#$%^&*()_+-=[]{}|;:,.<>?.',
    );
    expect(renderMsg('en', weak)).toBe('Password needs an upper-case letter, a digit, and one of !@#$%^&*()_+-=[]{}|;:,.<>?.');
  });

  it('tryRender gives undefined for an unknown key or missing parameters instead of throwing', () => {
    expect(tryRender('fr', 'no.such.key')).toBeUndefined();
    expect(tryRender('fr', 'notification.new_application.message', { candidate: 'Ada' })).toBeUndefined();
    expect(tryRender('fr', 'notification.new_application.message', 'x')).toBeUndefined();
    expect(tryRender('en', 'error.NOT_FOUND', null)).toBe('Not found.');
  });
});

describe('localeFromAcceptLanguage', () => {
  it.each([
    ['fr-FR,fr;q=0.9,en;q=0.8', 'fr'],
    ['en-GB,en;q=0.9,fr;q=0.8', 'en'],
    ['de-DE,en;q=0.5,fr;q=0.7', 'fr'],
    ['de, en', 'en'],
    ['EN', 'en'],
    ['fr;q=0, en;q=0.1', 'en'],
    ['*', undefined],
    ['de-CH', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%s → %s', (header, locale) => {
    expect(localeFromAcceptLanguage(header)).toBe(locale);
  });
});
