/**
 * The platform's side of Hull's JWTs: it verifies the HS256
 * tokens connectors sign with their secret, and signs notifications with RS256. Written apart from
 * the engine's src/hull/jwt.ts on purpose: were they one module, an encoding mistake in it would sign
 * and verify the same wrong way on both sides and no test could see it.
 */
import { createHmac, sign, timingSafeEqual, type KeyObject } from 'node:crypto';

export class JwtError extends Error {}

export interface DecodedToken {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
}

const encodeJson = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

function decodeJson(segment: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    throw new JwtError(`malformed token: the ${what} is not base64url JSON`);
  }
  if (typeof value !== 'object' || value === null) throw new JwtError(`malformed token: the ${what} is not an object`);
  return value as Record<string, unknown>;
}

function segmentsOf(token: string): [string, string, string] {
  const segments = token.split('.');
  if (segments.length !== 3) throw new JwtError('malformed token: expected three dot-separated segments');
  return segments as [string, string, string];
}

/** Header and payload, unverified (the firehose records a message's claims as sent). */
export function decodeJwt(token: string): DecodedToken {
  const [header, payload] = segmentsOf(token);
  return { header: decodeJson(header, 'header'), payload: decodeJson(payload, 'payload') };
}

/** Checks an HS256 token's signature and time claims; returns its payload or throws JwtError. */
export function verifyHs256(token: string, secret: string, nowSeconds: number): Record<string, unknown> {
  const [header, payload, signature] = segmentsOf(token);
  const decoded = decodeJwt(token);
  if (decoded.header.alg !== 'HS256') throw new JwtError(`unexpected algorithm ${String(decoded.header.alg)}`);
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new JwtError('invalid signature');
  const { exp, nbf } = decoded.payload;
  if (typeof exp === 'number' && nowSeconds > exp) throw new JwtError('token expired');
  if (typeof nbf === 'number' && nowSeconds < nbf) throw new JwtError('token not yet valid');
  return decoded.payload;
}

/** Signs a notification's claims with the platform's RSA key (RS256). */
export function signRs256(payload: Record<string, unknown>, privateKey: KeyObject | string): string {
  const input = `${encodeJson({ alg: 'RS256', typ: 'JWT' })}.${encodeJson(payload)}`;
  return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
}
