import { randomBytes } from 'node:crypto';
import { hmacHex, randomToken, safeEqualHex, sha256Hex, TokenCipher } from './secrets';

describe('token secrets', () => {
  it('makes 32-byte base64url tokens that differ every time', () => {
    const a = randomToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(randomToken()).not.toBe(a);
  });

  it('hashes with SHA-256 and HMAC-SHA256 to 64 hex characters, keyed for HMAC', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const h = hmacHex('key-one', 'token');
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(hmacHex('key-two', 'token')).not.toBe(h);
    expect(hmacHex('key-one', 'token')).toBe(h);
    expect(safeEqualHex(h, hmacHex('key-one', 'token'))).toBe(true);
    expect(safeEqualHex(h, hmacHex('key-one', 'other'))).toBe(false);
  });

  describe('TokenCipher (AES-256-GCM with key ids)', () => {
    const k1 = randomBytes(32);
    const k2 = randomBytes(32);

    it('round-trips, never shows the plain text, and uses a fresh IV each time', () => {
      const cipher = new TokenCipher(new Map([['k1', k1]]), 'k1');
      const a = cipher.seal('provider-secret-token');
      const b = cipher.seal('provider-secret-token');
      expect(a.key_id).toBe('k1');
      expect(a.value).not.toContain('provider-secret-token');
      expect(Buffer.from(a.value, 'base64').toString('utf8')).not.toContain('provider-secret-token');
      expect(a.value).not.toBe(b.value);
      expect(cipher.open(a)).toBe('provider-secret-token');
    });

    it('opens old values with their own key after rotation', () => {
      const before = new TokenCipher(new Map([['k1', k1]]), 'k1').seal('old');
      const rotated = new TokenCipher(
        new Map([
          ['k1', k1],
          ['k2', k2],
        ]),
        'k2',
      );
      expect(rotated.seal('new').key_id).toBe('k2');
      expect(rotated.open(before)).toBe('old');
    });

    it('refuses tampered values, a wrong associated datum, and unknown key ids', () => {
      const cipher = new TokenCipher(new Map([['k1', k1]]), 'k1');
      const sealed = cipher.seal('secret', 'account:1');
      const raw = Buffer.from(sealed.value, 'base64');
      raw[raw.length - 1] ^= 1;
      expect(() => cipher.open({ ...sealed, value: raw.toString('base64') }, 'account:1')).toThrow();
      expect(() => cipher.open(sealed, 'account:2')).toThrow();
      expect(() => cipher.open({ ...sealed, key_id: 'nope' }, 'account:1')).toThrow(/unknown/);
      expect(cipher.open(sealed, 'account:1')).toBe('secret');
    });

    it('refuses keys that are not 32 bytes and a current id without a key', () => {
      expect(() => new TokenCipher(new Map([['k1', randomBytes(16)]]), 'k1')).toThrow(/32 bytes/);
      expect(() => new TokenCipher(new Map([['k1', k1]]), 'k9')).toThrow(/k9/);
    });
  });
});
