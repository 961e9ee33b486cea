import {
  BadRequestException,
  CallHandler,
  ExecutionContext,
  HttpException,
  Injectable,
  mixin,
  NestInterceptor,
  PayloadTooLargeException,
  Type,
} from '@nestjs/common';
import { COMMON_ERRORS } from '@app/contracts';
import type { Request, Response } from 'express';
import multer, { MulterError } from 'multer';
import { Observable } from 'rxjs';

/**
 * Bounds of a multipart upload besides the file's own size: how many text fields and how large each,
 * how many parts in all, how many header lines per part. multer buffers text fields in memory, and
 * its defaults are unbounded field and part counts of 1 MB fields: a request of many small fields
 * could hold any amount of memory. With these, an upload holds at most its file plus 8 × 8 KB.
 */
const MULTIPART_LIMITS = { fields: 8, fieldSize: 8 * 1024, fieldNameSize: 100, parts: 10, headerPairs: 20 } as const;

/** Too many of something (400 MULTIPART_LIMIT); too large (413 PAYLOAD_TOO_LARGE); any other multer or busboy refusal 400. */
export function multipartError(err: unknown): Error {
  if (err instanceof HttpException) return err;
  if (err instanceof MulterError) {
    const detail = err.field ? `${err.message} (${err.field})` : err.message;
    switch (err.code as string) {
      case 'LIMIT_FILE_SIZE':
      case 'LIMIT_FIELD_VALUE':
        return new PayloadTooLargeException({ detail, code: COMMON_ERRORS.PAYLOAD_TOO_LARGE.code });
      case 'LIMIT_PART_COUNT':
      case 'LIMIT_FILE_COUNT':
      case 'LIMIT_FIELD_COUNT':
      case 'LIMIT_FIELD_KEY':
        return new BadRequestException({ detail, code: COMMON_ERRORS.MULTIPART_LIMIT.code });
      case 'STREAM_DESTROYED':
        return err; // the storage's failure, not the request's
      default:
        return new BadRequestException({ detail, code: COMMON_ERRORS.BAD_REQUEST.code });
    }
  }
  // busboy's refusals of a malformed body ("Malformed part header", "Unexpected end of form", no boundary).
  const message = (err as Error)?.message;
  if (typeof message === 'string' && /^(Malformed|Unexpected end|Multipart: Boundary not found)/.test(message)) {
    return new BadRequestException({ detail: `Multipart: ${message}`, code: COMMON_ERRORS.BAD_REQUEST.code });
  }
  return err instanceof Error ? err : new Error(String(err));
}

/**
 * Nest's FileInterceptor with every multipart limit set (MULTIPART_LIMITS plus the file's size, one
 * file) and multer's refusals answered with stable codes. The file is kept in memory (`file.buffer`).
 */
export function SingleFileInterceptor(field: string, maxFileBytes: number): Type<NestInterceptor> {
  const upload = multer({ storage: multer.memoryStorage(), limits: { ...MULTIPART_LIMITS, files: 1, fileSize: maxFileBytes } }).single(
    field,
  );

  @Injectable()
  class SingleFile implements NestInterceptor {
    async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
      const http = context.switchToHttp();
      await new Promise<void>((resolve, reject) =>
        upload(http.getRequest<Request>(), http.getResponse<Response>(), (err?: unknown) =>
          err ? reject(multipartError(err)) : resolve(),
        ),
      );
      return next.handle();
    }
  }
  return mixin(SingleFile);
}
