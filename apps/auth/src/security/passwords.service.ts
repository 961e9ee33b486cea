import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { DomainError } from '@app/common';
import { AUTH_ERRORS } from '@app/contracts';
import { describeMissing, missingPasswordRequirements } from './password-policy';

/** OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane. */
const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

@Injectable()
export class PasswordsService {
  /** Hashed once, lazily: verified against when the user does not exist, so both paths cost the same. */
  private dummyHash?: Promise<string>;

  /** Throws AUTH.WEAK_PASSWORD (400) naming what is missing. */
  assertPolicy(password: string): void {
    const missing = missingPasswordRequirements(password);
    if (missing.length) throw new DomainError(AUTH_ERRORS.WEAK_PASSWORD, describeMissing(missing), { missing });
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, ARGON2_OPTIONS);
  }

  /** False for a missing hash too, after spending the time a real verification takes. */
  async verify(hash: string | null | undefined, password: string): Promise<boolean> {
    if (!hash) {
      this.dummyHash ??= argon2.hash('dummy-password-for-timing-Aa1!', ARGON2_OPTIONS);
      await argon2.verify(await this.dummyHash, password).catch(() => false);
      return false;
    }
    return argon2.verify(hash, password).catch(() => false);
  }
}
