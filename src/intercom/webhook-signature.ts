import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Intercom signs each webhook with `X-Hub-Signature: sha1=<hex HMAC-SHA1 of the raw body>`, keyed
 * with the app's client secret. Checked on the exact bytes received, before any JSON parsing, in
 * constant time.
 */
export function isValidIntercomSignature(rawBody: Buffer, header: unknown, clientSecret: string): boolean {
  if (typeof header !== 'string' || !header.startsWith('sha1=')) return false;
  const expected = Buffer.from(`sha1=${createHmac('sha1', clientSecret).update(rawBody).digest('hex')}`);
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
