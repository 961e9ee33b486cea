import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

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

export interface Sealed {
  key_id: string;
  /** base64(iv 12 bytes | tag 16 bytes | ciphertext) */
  value: string;
}

/**
 * AES-256-GCM for OAuth provider tokens at rest. Each value records the id of its key, so keys can
 * rotate: new values use the current key, old ones are still opened with theirs.
 */
export class TokenCipher {
  constructor(
    private readonly keys: Map<string, Buffer>,
    private readonly currentKeyId: string,
  ) {
    for (const [id, key] of keys) {
      if (key.length !== 32) throw new Error(`OAuth token key ${id} must be 32 bytes`);
    }
    if (!keys.has(currentKeyId)) throw new Error(`OAuth token key id ${currentKeyId} is not among the configured keys`);
  }

  seal(plain: string, aad = ''): Sealed {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentKeyId)!, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return { key_id: this.currentKeyId, value: Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64') };
  }

  open(sealed: Sealed, aad = ''): string {
    const key = this.keys.get(sealed.key_id);
    if (!key) throw new Error(`unknown OAuth token key id ${sealed.key_id}`);
    const raw = Buffer.from(sealed.value, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }
}
