import { DEFAULT_LOCALE, Locale, localeFromAcceptLanguage } from '@app/contracts';
import type { Request } from 'express';
import type { AuthUser } from '../security/auth-user';

/**
 * The language of what answers this request (an error's `detail`, a success's `message`): the request's
 * Accept-Language when it names one of ours, else the signed-in user's own (when the guard got that far),
 * else the default (French). What the user reads later (notifications, dashboard, e-mails) follows their
 * own setting only.
 */
export function requestLocale(req: Pick<Request, 'headers'> & { user?: Pick<AuthUser, 'locale'> }): Locale {
  return localeFromAcceptLanguage(req.headers?.['accept-language']) ?? req.user?.locale ?? DEFAULT_LOCALE;
}
