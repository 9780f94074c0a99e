/** Secrets at rest: sealed values open with their key only, and reveal nothing of the plaintext. */
import { seal, unseal, UnsealError } from '../../../src/config/sealed';
import { Secret } from '../../../src/config/secret';

const key = new Secret('k'.repeat(32));

it('opens what it sealed, differently each time, and not with another key or altered', () => {
  const a = seal(key, 'oauth-token-123');
  const b = seal(key, 'oauth-token-123');
  expect(a).not.toBe(b);
  expect(a).not.toContain('oauth-token-123');
  expect(unseal(key, a)).toBe('oauth-token-123');
  expect(() => unseal(new Secret('o'.repeat(32)), a)).toThrow(UnsealError);
  const parts = a.split('.');
  parts[3] = Buffer.from('oauth-token-999').toString('base64url');
  expect(() => unseal(key, parts.join('.'))).toThrow(UnsealError);
  expect(() => unseal(key, 'plain')).toThrow('not a sealed value');
});
