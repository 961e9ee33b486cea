import { SERVICE_NAMES, ServiceName } from './services';

/**
 * A NATS message is declared once, as a descriptor that binds its versioned subject to its payload
 * class (and, for request/reply, to its response type). Senders take the descriptor, never a bare
 * subject string, so a subject cannot be sent with the wrong payload.
 */

export type PayloadClass<T> = new (...args: any[]) => T;

export interface RpcMessage<Req, Res> {
  readonly kind: 'rpc';
  readonly subject: string;
  readonly request: PayloadClass<Req>;
  /** Phantom field: carries the response type; never set at run time. */
  readonly response?: Res;
}

export interface EventMessage<P> {
  readonly kind: 'event';
  readonly subject: string;
  readonly payload: PayloadClass<P>;
}

export function rpc<Req, Res>(subject: string, request: PayloadClass<Req>): RpcMessage<Req, Res> {
  return { kind: 'rpc', subject, request };
}

/** A request every data-owning service answers alike, each on `<service>.<name>` (ping, ops figures). */
export function rpcPerService<Req, Res>(name: string, request: PayloadClass<Req>): Readonly<Record<ServiceName, RpcMessage<Req, Res>>> {
  return Object.fromEntries(SERVICE_NAMES.map((service) => [service, rpc<Req, Res>(`${service}.${name}`, request)])) as Record<
    ServiceName,
    RpcMessage<Req, Res>
  >;
}

export function event<P>(subject: string, payload: PayloadClass<P>): EventMessage<P> {
  return { kind: 'event', subject, payload };
}

/**
 * A success answer that carries a sentence for the user: `message` in English and, when it comes from
 * okMessage, its i18n key; the gateway writes the message in the reader's language and drops the key.
 */
export interface MessageResponse {
  message: string;
  message_key?: string;
}

export type RequestOf<M> = M extends RpcMessage<infer Req, unknown> ? Req : never;
export type ResponseOf<M> = M extends RpcMessage<unknown, infer Res> ? Res : never;
export type EventPayloadOf<M> = M extends EventMessage<infer P> ? P : never;

/** Every event subject starts with this prefix and is captured by the one JetStream stream. */
export const EVENTS_SUBJECT_PREFIX = 'events.';
export const EVENTS_STREAM = 'INTOWORK_EVENTS';

/** NATS header names. */
export const CORRELATION_HEADER = 'x-correlation-id';
/**
 * The event's id (its outbox id). Also sent as the JetStream message id for deduplication in the
 * stream; consumers key their exactly-once record on this header, so even a copy that reached the
 * stream under another message id has no second effect.
 */
export const EVENT_ID_HEADER = 'x-event-id';
/**
 * When the caller stops waiting for a request (epoch milliseconds). A handler that receives a request
 * after its deadline does not run it: the caller has already answered its client with a timeout, so
 * running it late (a message buffered while NATS was reconnecting) would be a write nobody was told of.
 */
export const DEADLINE_HEADER = 'x-request-deadline';

/**
 * Where a NATS user's replies arrive (`_INBOX.<user>.<id>`): each user may subscribe only to its own,
 * so one process cannot read the answers another is sent (tools/lib/nats-auth.ts).
 */
export function natsInboxPrefix(user: string): string {
  return `_INBOX.${user}`;
}
