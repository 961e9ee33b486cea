import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { INT4_MAX } from '@app/contracts';

/**
 * The HTTP-only validation pieces of the gateway's DTOs (query strings and paths). The rules on body
 * fields live in the contract classes (libs/contracts), which the body DTOs are mapped types of.
 */

/**
 * A query-string number for a field of a contract class: the text is converted to a number, absent is
 * allowed (a default, if any, is the property's initializer); the bounds are the contract's (a value
 * out of them would reach SQL as one the column or OFFSET cannot hold: a 500 instead of a 422).
 */
export function QueryInt(doc: { default?: number; description?: string } = {}): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional(doc),
    IsOptional(),
    Type(() => Number),
  );
}

/** A query-string boolean for a field of a contract class: true/1 and false/0; anything else fails the contract's IsBoolean. */
export function QueryBoolean(doc: { default?: boolean; description?: string } = {}): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional(doc),
    IsOptional(),
    Transform(({ value }) => (value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value)),
  );
}

/** A positive integer id from the path (`/:id`). */
export function PathId(max: number = INT4_MAX): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ minimum: 1, maximum: max }),
    Type(() => Number),
    IsInt(),
    Min(1),
    Max(max),
  );
}

/** `/:id` of a row with an integer id. */
export class IdParam {
  @PathId()
  id: number;
}
