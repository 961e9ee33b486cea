import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Metrics, METRICS_CONTENT_TYPE } from './metrics.service';

export interface MetricsListenerOptions {
  port: number;
  host: string;
}

/** A scrape is small and local: a stalled client does not hold a socket for long. */
const REQUEST_TIMEOUT_MS = 10_000;

/**
 * GET /metrics on its own port (the gateway's METRICS_PORT on METRICS_HOST), so the registry is not on
 * the public port. Plain node:http: none of the gateway's middleware, guards or access log apply, and
 * scrapes do not count as API requests. It listens when the app starts (a port in use stops the start)
 * and closes on shutdown; unref'd, it never keeps the process alive on its own.
 */
export class MetricsListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MetricsListener.name);
  private server?: Server;

  constructor(
    private readonly metrics: Metrics,
    private readonly options: MetricsListenerOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const server = createServer((req, res) => void this.answer(req, res));
    server.headersTimeout = REQUEST_TIMEOUT_MS;
    server.requestTimeout = REQUEST_TIMEOUT_MS;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (err) => this.logger.error(`metrics listener: ${err.message}`));
    server.unref();
    this.server = server;
    this.logger.log(`metrics on http://${this.options.host}:${this.address()!.port}/metrics`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  /** Where it listens (port 0 picks a free one), until shutdown. */
  address(): AddressInfo | undefined {
    return (this.server?.address() as AddressInfo | null) ?? undefined;
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/metrics') return this.end(res, 404, 'Not Found\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return this.end(res, 405, 'Method Not Allowed\n');
    }
    try {
      const body = await this.metrics.registry.metrics();
      res.writeHead(200, { 'Content-Type': METRICS_CONTENT_TYPE, 'Cache-Control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (err) {
      this.logger.error(`metrics scrape failed: ${(err as Error).message}`);
      this.end(res, 500, 'Internal Server Error\n');
    }
  }

  private end(res: ServerResponse, status: number, text: string): void {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(text);
  }
}
