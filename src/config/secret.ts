import { timingSafeEqual } from 'node:crypto';
import { inspect } from 'node:util';

/**
 * A credential that cannot leak by accident: JSON serialisation, string conversion and
 * util.inspect all print "[redacted]". Only `reveal()` returns the value, at the point of use.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toJSON(): string {
    return '[redacted]';
  }

  toString(): string {
    return '[redacted]';
  }

  [inspect.custom](): string {
    return 'Secret([redacted])';
  }
}

/** Compares a received credential or signature with the expected one in constant time (any bytes, any length). */
export function constantTimeEqual(given: unknown, expected: string | Buffer): boolean {
  if (typeof given !== 'string' && !Buffer.isBuffer(given)) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
