import { IntlMessageFormat } from 'intl-messageformat';
import en from './en.json';
import fr from './fr.json';
import { Locale } from './locale';
import { MessageArgs, MessageKey, MessageParam, Msg } from './messages';

/** The catalogues, one JSON file per language (ICU MessageFormat: `{name}`, `select`, `plural`). */
export const CATALOGUES: Record<Locale, Record<MessageKey, string>> = { fr, en };

// Parsed once per message and language, on first use (the catalogues are small and synchronous).
const formats = new Map<string, IntlMessageFormat>();

function format(locale: Locale, key: MessageKey): IntlMessageFormat {
  const id = `${locale}\u0000${key}`;
  let f = formats.get(id);
  if (!f) {
    f = new IntlMessageFormat(CATALOGUES[locale][key], locale);
    formats.set(id, f);
  }
  return f;
}

function isKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(en, key);
}

function values(locale: Locale, params: Record<string, MessageParam> | undefined): Record<string, string | number> | undefined {
  if (!params) return undefined;
  const out: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(params)) {
    out[name] = Array.isArray(value)
      ? new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(value.map((k) => render(locale, k)))
      : value;
  }
  return out;
}

function render(locale: Locale, key: MessageKey, params?: Record<string, MessageParam>): string {
  return String(format(locale, key).format(values(locale, params)));
}

/** A message in `locale`; keys and parameters are checked by the compiler. */
export function t<K extends MessageKey>(locale: Locale, key: K, ...args: MessageArgs<K>): string {
  return render(locale, key, args[0]);
}

/** A message described by data (an error body from another service, a stored notification). */
export function renderMsg(locale: Locale, m: Msg): string {
  return render(locale, m.key, m.params);
}

/**
 * Like renderMsg for data that may be wrong (an unknown key from a newer service, stored parameters
 * that lack one): undefined instead of an exception, so the caller keeps its fallback text.
 */
export function tryRender(locale: Locale, key: string, params?: unknown): string | undefined {
  if (!isKey(key)) return undefined;
  if (params !== undefined && params !== null && (typeof params !== 'object' || Array.isArray(params))) return undefined;
  try {
    return render(locale, key, (params ?? undefined) as Record<string, MessageParam> | undefined);
  } catch {
    return undefined;
  }
}

export type OkKey = Extract<MessageKey, `ok.${string}`>;

/**
 * The `message` of a success answer: English (logs, callers inside the system) plus its key, which the
 * gateway uses to write the message in the reader's language, and drops (LocalizedMessagesInterceptor).
 */
export function okMessage(key: OkKey): { message: string; message_key: OkKey } {
  return { message: render('en', key), message_key: key };
}
