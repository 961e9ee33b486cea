import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import { INT4_MAX } from '@app/contracts';

/**
 * The HTTP-only validation pieces of the gateway's DTOs (query strings and paths). The rules on body
 * fields live in the contract classes (libs/contracts), which the body DTOs are mapped types of.
 */
export { INT4_MAX };

/**
 * An optional integer from the query string, converted and bounded on both sides: an unbounded one
 * could reach SQL as a value the column or OFFSET cannot hold (a 500 instead of a 422).
 */
export function OptionalInt(min: number, max: number, doc: { default?: number; description?: string } = {}): PropertyDecorator {
  return applyDecorators(ApiPropertyOptional({ minimum: min, maximum: max, ...doc }), IsOptional(), Type(() => Number), IsInt(), Min(min), Max(max));
}

/** An optional boolean from the query string: true/1 and false/0; anything else fails. */
export function OptionalBoolean(doc: { default?: boolean; description?: string } = {}): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional(doc),
    IsOptional(),
    Transform(({ value }) => (value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value)),
    IsBoolean(),
  );
}

/** A positive integer id from the path (`/:id`). */
export function PathId(max: number = INT4_MAX): PropertyDecorator {
  return applyDecorators(ApiProperty({ minimum: 1, maximum: max }), Type(() => Number), IsInt(), Min(1), Max(max));
}

/** `/:id` of a row with an integer id. */
export class IdParam {
  @PathId()
  id: number;
}
