/**
 * Secrets kept at rest (the OAuth token in the engine's database, the OAuth code on its way through a
 * workflow): AES-256-GCM under a key derived from TOKEN_ENCRYPTION_KEY, so a copy of the database, a
 * backup or a workflow history holds nothing usable without the key. `v1.<iv>.<tag>.<ciphertext>`
 * (base64url); a value sealed under another key, or altered, does not open.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Secret } from './secret';

const keyOf = (secret: Secret): Buffer =>
  createHash('sha256').update('hull-intercom-sync token key v1\0').update(secret.reveal()).digest();

export function seal(key: Secret, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(key), iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), ciphertext]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

export class UnsealError extends Error {
  override name = 'UnsealError';
}

export function unseal(key: Secret, sealed: string): string {
  const [version, iv, tag, ciphertext] = sealed.split('.');
  if (version !== 'v1' || iv === undefined || tag === undefined || ciphertext === undefined) {
    throw new UnsealError('not a sealed value');
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(key), Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new UnsealError('the value does not open with TOKEN_ENCRYPTION_KEY (another key, or altered)');
  }
}
