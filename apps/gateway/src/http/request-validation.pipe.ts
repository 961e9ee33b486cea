import { ArgumentMetadata, HttpStatus, Injectable, UnprocessableEntityException, ValidationPipe } from '@nestjs/common';
import { ValidationError } from 'class-validator';
import { COMMON_ERRORS } from '@app/contracts';
import { nulCharacterProblems, toFieldProblems } from '@app/common';

class ValidationProblems extends Error {
  constructor(readonly errors: ValidationError[]) {
    super('validation failed');
  }
}

/**
 * Validates bodies, queries and params against their DTO classes and answers the contract's 422:
 * `{"detail": [{"loc": ["body","email"], "msg", "type"}], "code": "VALIDATION_FAILED"}`.
 * A string with a NUL character anywhere in them is refused the same way (PostgreSQL cannot store it).
 */
@Injectable()
export class RequestValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      transform: true,
      forbidUnknownValues: false,
      errorHttpStatusCode: HttpStatus.UNPROCESSABLE_ENTITY,
      exceptionFactory: (errors) => new ValidationProblems(errors),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const nul = nulCharacterProblems(value, metadata.type);
      if (nul.length) throw new UnprocessableEntityException({ detail: nul, code: COMMON_ERRORS.VALIDATION_FAILED.code });
    }
    try {
      return await super.transform(value, metadata);
    } catch (err) {
      if (!(err instanceof ValidationProblems)) throw err;
      throw new UnprocessableEntityException({
        detail: toFieldProblems(err.errors, metadata.type === 'custom' ? 'body' : metadata.type),
        code: COMMON_ERRORS.VALIDATION_FAILED.code,
      });
    }
  }
}
