import { ValidationArguments, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { isPublishedSecret, SECRETS_HINT } from './secrets';

/**
 * A list of AES-256 keys with ids, `id:base64(32 bytes)[,id:base64key...]` (OAUTH_TOKEN_KEYS,
 * MAIL_LINK_KEYS): values sealed with one record its id, so a new key can be added and made current
 * while the old ones still open what they sealed.
 */
const KEY_LIST = /^[A-Za-z0-9_-]+:[A-Za-z0-9+/=]+(,[A-Za-z0-9_-]+:[A-Za-z0-9+/=]+)*$/;

/** Parses `id:base64key[,id:base64key]` (validated beforehand by KeyList). */
export function parseKeyList(value: string): Map<string, Buffer> {
  return new Map(
    value.split(',').map((pair) => {
      const [id, key] = pair.split(':');
      return [id, Buffer.from(key, 'base64')] as const;
    }),
  );
}

/** The id new values are sealed with: the one chosen, else the first of the list. */
export function currentKeyId(list: string, chosen?: string): string {
  return chosen ?? list.split(',')[0].split(':')[0];
}

/** Why a key list is unusable, or undefined: required, well formed, 32-byte keys, none published. */
export function keyListProblem(value: unknown): string | undefined {
  if (value === undefined || value === '') return `is required: id:base64(32 random bytes) (${SECRETS_HINT})`;
  if (typeof value !== 'string' || !KEY_LIST.test(value)) return 'must be id:base64key[,id:base64key]';
  for (const [id, key] of parseKeyList(value)) {
    if (key.length !== 32) return `key ${id} must be 32 bytes (base64 of 32 random bytes)`;
    if (isPublishedSecret(key)) return `key ${id} was published in the IntoWork repository: set your own key`;
  }
  return undefined;
}

/** `@Validate(KeyList)`: a required key list (see keyListProblem). */
@ValidatorConstraint({ name: 'keyList' })
export class KeyList implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return keyListProblem(value) === undefined;
  }
  defaultMessage(args: ValidationArguments): string {
    return `${args.property} ${keyListProblem(args.value)}`;
  }
}

/** `@Validate(KeyListId, ['<LIST PROPERTY>'])`: the id names one of the keys of that list. */
@ValidatorConstraint({ name: 'keyListId' })
export class KeyListId implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    const list = (args.object as Record<string, unknown>)[args.constraints[0] as string];
    return typeof list !== 'string' || !KEY_LIST.test(list) || parseKeyList(list).has(String(value));
  }
  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must be one of the ids in ${args.constraints[0]}`;
  }
}
