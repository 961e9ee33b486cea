import { msg, Msg } from '@app/contracts';

/**
 * The contract's password policy (api.md). Length above the cap (PASSWORD_MAX_LENGTH, libs/contracts)
 * is refused earlier, by the request's shape, as a 422.
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_SPECIALS = '!@#$%^&*()_+-=[]{}|;:,.<>?';

export type PasswordRequirement = 'min_length' | 'uppercase' | 'lowercase' | 'digit' | 'special';

/** What the password lacks (empty when it meets the policy), in a stable order. */
export function missingPasswordRequirements(password: string): PasswordRequirement[] {
  const missing: PasswordRequirement[] = [];
  if (password.length < PASSWORD_MIN_LENGTH) missing.push('min_length');
  if (!/[A-Z]/.test(password)) missing.push('uppercase');
  if (!/[a-z]/.test(password)) missing.push('lowercase');
  if (!/[0-9]/.test(password)) missing.push('digit');
  if (![...password].some((c) => PASSWORD_SPECIALS.includes(c))) missing.push('special');
  return missing;
}

/** What the person reads: the missing requirements as a list in their language (catalogue `password.requirement.*`). */
export function describeMissing(missing: PasswordRequirement[]): Msg {
  return msg('error.password.weak', { missing: missing.map((m) => `password.requirement.${m}` as const) });
}
