import { createHmac } from 'node:crypto';
import { constantTimeEqual } from '../config/secret';

/**
 * Intercom signs each webhook with `X-Hub-Signature: sha1=<hex HMAC-SHA1 of the raw body>`, keyed
 * with the app's client secret. Checked on the exact bytes received, before any JSON parsing, in
 * constant time.
 */
export function isValidIntercomSignature(rawBody: Buffer, header: unknown, clientSecret: string): boolean {
  if (typeof header !== 'string' || !header.startsWith('sha1=')) return false;
  return constantTimeEqual(header, `sha1=${createHmac('sha1', clientSecret).update(rawBody).digest('hex')}`);
}
