import type en from './en.json';

/** Every message of the catalogues (`fr.json`, `en.json`: the same keys, checked by i18n.spec). */
export type MessageKey = keyof typeof en;

/**
 * The parameters each message takes (a key not listed takes none). Callers are type-checked against
 * this list (`msg`, `t`), and i18n.spec checks it against the ICU arguments of both catalogues, so a
 * message can neither use a parameter its callers do not give nor be given one it does not use.
 */
export const MESSAGE_PARAMS = {
  'notification.new_application.message': ['candidate', 'job'],
  'notification.status_change.message': ['job', 'status'],
  'dashboard.change.this_week': ['count'],
  'dashboard.change.to_go': ['percent'],
  'dashboard.change.answered': ['responded', 'total'],
  'dashboard.activity.application_status': ['status'],
  'dashboard.activity.job': ['status'],
  'dashboard.activity.user_signed_up': ['role'],
  'mail.password_reset.text': ['link'],
  'mail.email_verification.text': ['link'],
  'mail.email_changed.text': ['address'],
  'error.password.weak': ['missing'],
  'error.job.transition': ['from', 'to'],
  'error.application.cannot_withdraw': ['status'],
  'error.application.transition': ['from', 'to'],
  'error.ops.replay_failed': ['event_id', 'error'],
  'error.stream.too_many': ['max'],
} as const satisfies Partial<Record<MessageKey, readonly string[]>>;

/** A parameter: a value, or a list of message keys rendered as a list in the reader's language ("a, b and c"). */
export type MessageParam = string | number | MessageKey[];
type Declared = typeof MESSAGE_PARAMS;
type ParamNames<K extends MessageKey> = K extends keyof Declared ? Declared[K][number] : never;
export type MessageParams<K extends MessageKey> = Record<ParamNames<K>, MessageParam>;
/** The arguments after the key: nothing for a message without parameters, else exactly its parameters. */
export type MessageArgs<K extends MessageKey> = [ParamNames<K>] extends [never] ? [] : [params: MessageParams<K>];

/** A message to render later, in the reader's language (what crosses NATS with an error, or is stored). */
export interface Msg {
  key: MessageKey;
  params?: Record<string, MessageParam>;
}

export function msg<K extends MessageKey>(key: K, ...args: MessageArgs<K>): Msg {
  return args.length ? { key, params: args[0] } : { key };
}
