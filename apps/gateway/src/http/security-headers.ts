import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

type Header = readonly [name: string, value: string];

/**
 * The headers a helmet middleware sets, taken once at start-up: with the static options used here
 * they are the same on every response, so a request costs a few setHeader calls instead of a pass
 * through helmet's dozen middlewares.
 */
function headersOf(middleware: RequestHandler): Header[] {
  const headers: Header[] = [];
  const res = { setHeader: (name: string, value: string) => headers.push([name, String(value)]), removeHeader: () => undefined };
  middleware({ headers: {} } as Request, res as unknown as Response, () => undefined);
  return headers;
}

/**
 * Security headers on every response: nosniff, frame deny, no referrer, a CSP that allows nothing
 * (the API serves JSON only), HSTS only over TLS. The OpenAPI page gets the CSP it needs to render.
 */
export function securityHeaders(): RequestHandler {
  const api = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    frameguard: { action: 'deny' },
    strictTransportSecurity: false,
    crossOriginResourcePolicy: { policy: 'same-site' },
  });
  const docs = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    strictTransportSecurity: false,
  });
  const apiHeaders = headersOf(api);
  const docsHeaders = headersOf(docs);
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    for (const [name, value] of req.url.startsWith('/docs') ? docsHeaders : apiHeaders) res.setHeader(name, value);
    next();
  };
}
