/**
 * Minimal JWT (JWS compact) signing and verification with Node's crypto: HS256 for the per-entity
 * firehose tokens Hull connectors sign with their secret, RS256 for the platform's notification
 * signatures (../shared/hull-platform.md §1.2, §5.2). No dependency needed for two algorithms.
 */
import { createHmac, createSign, createVerify, type KeyObject } from 'node:crypto';
import { constantTimeEqual } from '../config/secret';

export type JwtPayload = Record<string, unknown>;

export class JwtError extends Error {
  override name = 'JwtError';
}

const base64url = (input: Buffer | string): string => Buffer.from(input).toString('base64url');

function encodeSegments(alg: 'HS256' | 'RS256', payload: JwtPayload): string {
  return `${base64url(JSON.stringify({ typ: 'JWT', alg }))}.${base64url(JSON.stringify(payload))}`;
}

export function signHs256(payload: JwtPayload, secret: string): string {
  const signingInput = encodeSegments('HS256', payload);
  const signature = createHmac('sha256', secret).update(signingInput).digest('base64url');
  return `${signingInput}.${signature}`;
}

export function signRs256(payload: JwtPayload, privateKey: KeyObject | string): string {
  const signingInput = encodeSegments('RS256', payload);
  const signature = createSign('RSA-SHA256').update(signingInput).sign(privateKey).toString('base64url');
  return `${signingInput}.${signature}`;
}

interface DecodedJwt {
  header: { alg?: unknown; typ?: unknown };
  payload: JwtPayload;
  signingInput: string;
  signature: Buffer;
}

export function decodeJwt(token: string): DecodedJwt {
  const parts = token.split('.');
  if (parts.length !== 3) throw new JwtError('malformed token: expected three dot-separated segments');
  const [header, payload, signature] = parts as [string, string, string];
  try {
    return {
      header: JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as DecodedJwt['header'],
      payload: JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as JwtPayload,
      signingInput: `${header}.${payload}`,
      signature: Buffer.from(signature, 'base64url'),
    };
  } catch {
    throw new JwtError('malformed token: header or payload is not base64url JSON');
  }
}

function checkExpiry(payload: JwtPayload, nowSeconds: number): void {
  if (typeof payload.exp === 'number' && payload.exp < nowSeconds) throw new JwtError('token expired');
  if (typeof payload.nbf === 'number' && payload.nbf > nowSeconds) throw new JwtError('token not yet valid');
}

/** Verifies an HS256 token and returns its payload; throws JwtError with the reason otherwise. */
export function verifyHs256(token: string, secret: string, nowSeconds = Date.now() / 1000): JwtPayload {
  const decoded = decodeJwt(token);
  if (decoded.header.alg !== 'HS256') throw new JwtError(`unexpected algorithm ${String(decoded.header.alg)}`);
  const expected = createHmac('sha256', secret).update(decoded.signingInput).digest();
  if (!constantTimeEqual(decoded.signature, expected)) {
    throw new JwtError('invalid signature');
  }
  checkExpiry(decoded.payload, nowSeconds);
  return decoded.payload;
}

/** Verifies an RS256 token against a PEM or KeyObject public key; throws JwtError otherwise. */
export function verifyRs256(token: string, publicKey: KeyObject | string, nowSeconds = Date.now() / 1000): JwtPayload {
  const decoded = decodeJwt(token);
  if (decoded.header.alg !== 'RS256') throw new JwtError(`unexpected algorithm ${String(decoded.header.alg)}`);
  const valid = createVerify('RSA-SHA256').update(decoded.signingInput).verify(publicKey, decoded.signature);
  if (!valid) throw new JwtError('invalid signature');
  checkExpiry(decoded.payload, nowSeconds);
  return decoded.payload;
}
