import { readFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';

/** The first port of the OS's ephemeral range (where outgoing connections take their local port). */
function ephemeralRangeStart(): number {
  try {
    const first = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(first) && first > 1024 ? first : 32768;
  } catch {
    return 32768;
  }
}

/** Handed out by this process already: two callers never get the same port before either listens on it. */
const handedOut = new Set<number>();
const LOWEST_PORT = 10000;

/**
 * A TCP port that was free a moment ago on every interface, chosen below the OS's ephemeral range. An
 * ephemeral port (what `listen(0)` picks) can be taken meanwhile by any outgoing connection as its local
 * port (a database or NATS client), which made a process started seconds later fail with EADDRINUSE.
 * Another process could still take the port before you do; only listening on it holds it.
 */
export async function freePort(): Promise<number> {
  const high = ephemeralRangeStart();
  for (let attempt = 0; attempt < 100 && high - LOWEST_PORT > 100; attempt++) {
    const port = LOWEST_PORT + Math.floor(Math.random() * (high - LOWEST_PORT));
    if (handedOut.has(port)) continue;
    // Reserved before the check: a concurrent caller cannot pick it meanwhile.
    handedOut.add(port);
    if (await canListen(port)) return port;
    handedOut.delete(port);
  }
  throw new Error(`no free TCP port found between ${LOWEST_PORT} and ${high}`);
}

/** Whether a server can listen on `port` on all interfaces now (it closes at once). */
function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ host: '0.0.0.0', port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** True when something accepts TCP connections on host:port within timeoutMs. */
export function isPortOpen(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    let settled = false;
    const finish = (open: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(open);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
