import type { Locale } from '@app/contracts';

export type Role = 'candidate' | 'employer' | 'admin';

/** The signed-in user as the gateway knows it from a verified access token. */
export interface AuthUser {
  id: number;
  email: string;
  role: Role;
  /** The access token's issued-at (seconds): what a revocation (tokens_valid_after) is compared with. */
  iat?: number;
  /** The language the user chose (auth service, fresh within the status cache's seconds): what the backend writes for them. */
  locale: Locale;
}

/** Claims of an access token (api.md): `sub` is the user id as a string. */
export interface AccessClaims {
  sub: string;
  email: string;
  role: Role;
  type: 'access';
  iat: number;
  exp: number;
}
