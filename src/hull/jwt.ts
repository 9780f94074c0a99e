/**
 * Not used by the engine, which signs and verifies Hull's JWTs with `jose` (entity-token.ts,
 * notification-auth.ts). What is left here serves only the Hull simulator's tests in
 * test/simulators: they need a synchronous HS256 signer and RS256 verifier written apart from the
 * simulator's own, so that an encoding mistake on one side shows. It leaves `src` when those tests
 * move into the simulator's package.
 */
import { createHmac, createVerify, type KeyObject } from 'node:crypto';

export type JwtPayload = Record<string, unknown>;

const segment = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

export function signHs256(payload: JwtPayload, secret: string): string {
  const signingInput = `${segment({ typ: 'JWT', alg: 'HS256' })}.${segment(payload)}`;
  return `${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`;
}

/** Verifies an RS256 token's signature and returns its payload; throws otherwise. */
export function verifyRs256(token: string, publicKey: KeyObject | string): JwtPayload {
  const [header = '', payload = '', signature = ''] = token.split('.');
  const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as JwtPayload;
  if (decode(header).alg !== 'RS256') throw new Error('not an RS256 token');
  const valid = createVerify('RSA-SHA256')
    .update(`${header}.${payload}`)
    .verify(publicKey, Buffer.from(signature, 'base64url'));
  if (!valid) throw new Error('invalid signature');
  return decode(payload);
}
