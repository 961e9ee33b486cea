import { jsonTooDeep, JSON_MAX_DEPTH } from '@app/common';
import type { NextFunction, Request, Response } from 'express';

/** body-parser's error shape (status + type), so HttpErrorFilter answers it like the parser's own errors. */
export const JSON_TOO_DEEP_TYPE = 'entity.too.deep';

/**
 * Right after the JSON body parser: a body nested deeper than JSON_MAX_DEPTH is a 422 JSON_TOO_DEEP
 * before any pipe, validator or handler walks it (V8 parses deep JSON fine; recursive walkers do not).
 */
export function jsonDepthMiddleware(req: Request, _res: Response, next: NextFunction): void {
  if (req.body !== undefined && jsonTooDeep(req.body)) {
    next(Object.assign(new Error(`JSON body nested deeper than ${JSON_MAX_DEPTH} levels`), { status: 422, type: JSON_TOO_DEEP_TYPE }));
    return;
  }
  next();
}
