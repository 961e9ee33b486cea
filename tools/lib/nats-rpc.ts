import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { isRpcErrorBody, natsInboxPrefix, RequestOf, ResponseOf, RpcMessage } from '@app/contracts';
import { firstValueFrom, timeout } from 'rxjs';

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
 * One typed NATS request from a command-line tool, through the same Nest transport the services
 * use (so the message framing is theirs). Errors come back as `Error` with the remote code in the message.
 */
export async function natsRequest<M extends RpcMessage<unknown, unknown>>(
  nats: NatsLogin,
  message: M,
  payload: RequestOf<M>,
  timeoutMs = 15000,
): Promise<ResponseOf<M>> {
  const client = ClientProxyFactory.create({
    transport: Transport.NATS,
    options: {
      servers: nats.url.split(','),
      name: 'intowork-tool',
      user: nats.user,
      pass: nats.password,
      inboxPrefix: natsInboxPrefix(nats.user),
    },
  });
  try {
    await client.connect();
    return await firstValueFrom(client.send<ResponseOf<M>>(message.subject, payload).pipe(timeout(timeoutMs)));
  } catch (err) {
    if (isRpcErrorBody(err))
      throw Object.assign(new Error(`${err.code}: ${err.message}`, { cause: err }), { code: err.code, details: err.details });
    if ((err as Error)?.name === 'TimeoutError')
      throw new Error(`no answer on ${message.subject} within ${timeoutMs} ms: is the auth service running?`, { cause: err });
    throw err;
  } finally {
    await client.close();
  }
}
