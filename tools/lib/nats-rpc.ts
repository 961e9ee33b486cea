import { requestHandler } from '@app/common';
import { isRpcErrorBody, natsInboxPrefix, RequestOf, ResponseOf, RpcMessage } from '@app/contracts';
import { connect, ErrorCode, NatsError } from 'nats';

/** Where a tool's requests go and who it logs in as (the `tools` user of tools/lib/nats-auth.ts). */
export interface NatsLogin {
  url: string;
  user: string;
  password: string;
}

/** A tool's login from its environment: NATS_URL (default local), NATS_USER (default tools), NATS_PASSWORD or TOOLS_NATS_PASSWORD. */
export function natsLoginFromEnv(env: NodeJS.ProcessEnv): NatsLogin {
  const password = env.NATS_PASSWORD || env.TOOLS_NATS_PASSWORD;
  if (!password)
    throw new Error(
      'NATS_PASSWORD (or TOOLS_NATS_PASSWORD) is required: the password of the NATS user `tools` (`npm start` generates one in .data/secrets.env)',
    );
  return { url: env.NATS_URL || 'nats://127.0.0.1:4222', user: env.NATS_USER || 'tools', password };
}

/**
 * One typed NATS request from a command-line tool, framed as the services' handlers read it
 * (requestHandler). Errors come back as `Error` with the remote code in the message.
 */
export async function natsRequest<M extends RpcMessage<unknown, unknown>>(
  nats: NatsLogin,
  message: M,
  payload: RequestOf<M>,
  timeoutMs = 15000,
): Promise<ResponseOf<M>> {
  const nc = await connect({
    servers: nats.url.split(','),
    name: 'intowork-tool',
    user: nats.user,
    pass: nats.password,
    inboxPrefix: natsInboxPrefix(nats.user),
  });
  try {
    const answer = await requestHandler<ResponseOf<M>>(nc, message.subject, payload, { timeout: timeoutMs });
    if ('response' in answer) return answer.response;
    const err = answer.err;
    if (isRpcErrorBody(err))
      throw Object.assign(new Error(`${err.code}: ${err.message}`, { cause: err }), { code: err.code, details: err.details });
    throw new Error(`${message.subject} failed: ${JSON.stringify(err)}`);
  } catch (err) {
    if (err instanceof NatsError && (err.code === (ErrorCode.Timeout as string) || err.code === (ErrorCode.NoResponders as string)))
      throw new Error(`no answer on ${message.subject} within ${timeoutMs} ms: is the auth service running?`, { cause: err });
    throw err;
  } finally {
    await nc.close();
  }
}
