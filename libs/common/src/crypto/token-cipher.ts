import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface Sealed {
  key_id: string;
  /** base64(iv 12 bytes | tag 16 bytes | ciphertext) */
  value: string;
}

/**
 * AES-256-GCM under a key list with ids (parseKeyList): OAuth provider tokens at rest (auth), the
 * links of reset and verification mails on their way to the notifications service. Each value records
 * the id of its key, so keys can rotate: new values use the current key, old ones are still opened
 * with theirs. The associated datum binds a value to its owner (it opens only with the same one).
 */
export class TokenCipher {
  constructor(
    private readonly keys: Map<string, Buffer>,
    private readonly currentKeyId: string,
  ) {
    for (const [id, key] of keys) {
      if (key.length !== 32) throw new Error(`key ${id} must be 32 bytes`);
    }
    if (!keys.has(currentKeyId)) throw new Error(`key id ${currentKeyId} is not among the configured keys`);
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
    if (!key) throw new Error(`unknown key id ${sealed.key_id}`);
    const raw = Buffer.from(sealed.value, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }
}
