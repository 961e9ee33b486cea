import { createHash } from 'node:crypto';
import { ValidationArguments, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';

/**
 * SHA-256 of every secret value this repository ever published (the former development defaults of
 * JWT_SECRET, the former internal RPC token, REFRESH_TOKEN_HASH_KEY, the OAuth token key, the role passwords
 * `intowork_<service>_dev`, a test OAuth client secret). Anyone can read them, so no process accepts
 * them, whatever NODE_ENV says. Only digests are kept, so the values themselves are not repeated here.
 */
const PUBLISHED_SECRETS = new Set([
  'c9943ff0779f9359bffd3158dbb6d3268879b10a6d5139cdbc84c97a7210f7b0',
  'd5cbd63566956f533ef8f72a403023f5a9be310b30f00b3522f28e36b96def7f',
  '61a33e60d6219ec987554afe44bc23d22cfa550940b71491a1f27f65c8a8a258',
  'a84224d212eafdba5ed8330e98500613cf3402e4413e1d64492e0e98b1825d93',
  '8902ddc0b92532a96974b3b2d660b77667489217b938f43eb1db9c2d2a72024c',
  '562ebb2583b7a23b25a64770060f3a14a63867a9953e28b265a3b434f5239835',
  '509b8f0c9f4bbd3f84251ec9c01b19fcddcd789210e958b7fabfac94d4da98ee',
  'cee8f89d47743684aae4d5499b5ecafc0bbcd720ef8d4bc95d271558945bc957',
  '53c33e7423fa46f314b0be5a71befa677904759ac2c1fa35cf2af39da7fd44e0',
]);

/** Where a developer finds generated values: said in every "missing secret" message. */
export const SECRETS_HINT = '`npm start` generates one in .data/secrets.env';

/** True when `value` (a secret, or the raw bytes of a key) was published in this repository. */
export function isPublishedSecret(value: string | Buffer): boolean {
  return PUBLISHED_SECRETS.has(createHash('sha256').update(value).digest('hex'));
}

/**
 * Why a secret is unusable, or undefined when it is fine: required (no default, in any NODE_ENV),
 * at least `minLength` characters, and not a value published in this repository.
 */
export function secretProblem(value: unknown, minLength: number): string | undefined {
  if (value === undefined || value === '') return `is required: a random secret of at least ${minLength} characters (${SECRETS_HINT})`;
  if (typeof value !== 'string') return 'must be a string';
  if (value.length < minLength) return `must be at least ${minLength} characters`;
  if (isPublishedSecret(value)) return 'is a value published in the IntoWork repository: set your own secret';
  return undefined;
}

/** `@Validate(RequiredSecret, [minLength])`: see secretProblem. */
@ValidatorConstraint({ name: 'requiredSecret' })
export class RequiredSecret implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    return secretProblem(value, (args.constraints?.[0] as number) ?? 32) === undefined;
  }

  defaultMessage(args: ValidationArguments): string {
    return `${args.property} ${secretProblem(args.value, (args.constraints?.[0] as number) ?? 32)}`;
  }
}
