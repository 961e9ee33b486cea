import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { isRpcErrorBody, RequestOf, ResponseOf, RpcMessage } from '@app/contracts';
import { firstValueFrom, timeout } from 'rxjs';

/**
 * One typed NATS request from a command-line tool, through the same Nest transport the services
 * use (so the message framing is theirs). Errors come back as `Error` with the remote code in the message.
 */
export async function natsRequest<M extends RpcMessage<unknown, unknown>>(
  natsUrl: string,
  message: M,
  payload: RequestOf<M>,
  timeoutMs = 15000,
): Promise<ResponseOf<M>> {
  const client = ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: natsUrl.split(','), name: 'intowork-tool' } });
  try {
    await client.connect();
    return await firstValueFrom(client.send<ResponseOf<M>>(message.subject, payload).pipe(timeout(timeoutMs)));
  } catch (err) {
    if (isRpcErrorBody(err)) throw Object.assign(new Error(`${err.code}: ${err.message}`, { cause: err }), { code: err.code, details: err.details });
    if ((err as Error)?.name === 'TimeoutError') throw new Error(`no answer on ${message.subject} within ${timeoutMs} ms: is the auth service running?`, { cause: err });
    throw err;
  } finally {
    await client.close();
  }
}
