import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** An opaque random token for clients (refresh, reset, verification): 32 bytes, base64url. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What a reset or verification token is stored as: its SHA-256, hex (the token itself is never stored). */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/**
 * What a refresh token is stored as: HMAC-SHA256 under a server key, hex. A leaked sessions table
 * alone cannot be used to forge or check tokens offline.
 */
export function hmacHex(key: string, value: string): string {
  return createHmac('sha256', key).update(value, 'utf8').digest('hex');
}

export function safeEqualHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The AES-256-GCM sealing with key ids (OAuth provider tokens at rest) lives in @app/common: notifications opens mail links with it too. */
export { TokenCipher } from '@app/common';
export type { Sealed } from '@app/common';
