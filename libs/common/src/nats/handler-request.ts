import { MsgHdrs, NatsConnection } from 'nats';

/** What a service's handler answered: its response, or the error body it threw (an RpcErrorBody). */
export type HandlerAnswer<T> = { response: T } | { err: unknown };

let nextPacketId = 0;

/**
 * One request to a service's NATS handler: the packet its transport (@nestjs/microservices) reads,
 * `{pattern, data, id}`, and its answer, `{response}` or `{err}`. nats.js answers every request of a
 * connection through one shared inbox subscription. The only place that knows this framing:
 * ServiceClient, the tools and the tests send through it. Rejects with nats.js's NatsError when
 * nobody answered (no responders, timeout).
 */
export async function requestHandler<T>(
  nc: NatsConnection,
  subject: string,
  payload: unknown,
  options: { timeout: number; headers?: MsgHdrs },
): Promise<HandlerAnswer<T>> {
  // Nest answers only a packet that carries an id (one without is an event).
  const packet = JSON.stringify({ pattern: subject, data: payload, id: String(++nextPacketId) });
  const reply = await nc.request(subject, Buffer.from(packet), options);
  const answer = reply.json<{ response?: T; err?: unknown }>();
  return answer.err !== undefined && answer.err !== null ? { err: answer.err } : { response: answer.response as T };
}
