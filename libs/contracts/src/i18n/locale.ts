/** The languages the backend writes in; the web client is French, so French is the default. */
export const LOCALES = ['fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'fr';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * The best supported language of an `Accept-Language` header (RFC 9110: tags with optional
 * `;q=` weights, a region ignored: `en-GB` is `en`), or undefined when it names none of ours
 * (`*`, absent, only other languages). Equal weights keep the header's order.
 */
export function localeFromAcceptLanguage(header: string | string[] | undefined): Locale | undefined {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!value) return undefined;
  let best: { locale: Locale; q: number } | undefined;
  for (const part of value.slice(0, 500).split(',')) {
    const [tag, ...options] = part.trim().split(';');
    const primary = tag.trim().toLowerCase().split('-')[0];
    if (!isLocale(primary)) continue;
    const weight = options.map((o) => o.trim().match(/^q=([0-9.]+)$/i)).find(Boolean);
    const q = weight ? Number(weight[1]) : 1;
    if (!(q > 0)) continue;
    if (!best || q > best.q) best = { locale: primary, q };
  }
  return best?.locale;
}
