/**
 * What the two public intake routes (Intercom's webhooks, Hull's notifications) share to stay cheap
 * for anyone who is not the platform: a Content-Type check before the body is read, a bound on how
 * many requests read and hand over bodies at once, a depth bound on parsed JSON, and refusal lines
 * an anonymous caller cannot multiply (the first per minute is logged, the rest counted).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../logger';
import { HttpProblem } from './problem';

/** Refusals sent before the body is read also close the connection, so the rest of the body is never read. */
export const CLOSE_CONNECTION = { connection: 'close' } as const;

/** `application/json`, with or without parameters (`; charset=utf-8`). */
export function isJsonContentType(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  return (value.split(';', 1)[0] ?? '').trim().toLowerCase() === 'application/json';
}

/** The 415 of an intake route, before its body is read (whatever the body and its signature). */
export function requireJsonContentType(request: FastifyRequest): void {
  if (isJsonContentType(request.headers['content-type'])) return;
  throw new HttpProblem(
    415,
    `this route takes application/json, not ${request.headers['content-type'] ?? 'a body without Content-Type'}`,
    { headers: CLOSE_CONNECTION },
  );
}

/**
 * At most `limit` requests at once past this point; the slot is freed when the answer is sent or the
 * client goes away (the raw response's `finish` or `close`), whatever happened in between.
 */
export class IntakeGate {
  #inFlight = 0;

  constructor(readonly limit: number) {}

  get inFlight(): number {
    return this.#inFlight;
  }

  /** Takes a slot for this request, or answers false when all are taken. */
  tryEnter(reply: FastifyReply): boolean {
    if (this.#inFlight >= this.limit) return false;
    this.#inFlight += 1;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.#inFlight -= 1;
    };
    reply.raw.once('finish', release);
    reply.raw.once('close', release);
    return true;
  }
}

/**
 * Whether parsed JSON nests deeper than `limit` (objects and arrays), walked without recursion so a
 * hostile document cannot overflow the stack. Nothing Intercom or Hull sends nests beyond a dozen levels.
 */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Array.isArray(current) ? current : Object.values(current))
      if (child !== null && typeof child === 'object') stack.push({ value: child, depth: depth + 1 });
  }
  return false;
}

/** How deep a webhook or notification body may nest. */
export const MAX_JSON_DEPTH = 64;

/**
 * Warn lines whose volume an anonymous caller controls (refused signatures): the first of each kind
 * in a window is logged at once, the others are counted and logged as one line when the window ends.
 */
export class AggregatedWarnings {
  readonly #windows = new Map<string, { startedAt: number; suppressed: number; timer?: NodeJS.Timeout }>();

  constructor(
    private readonly log: Pick<Logger, 'warn'>,
    private readonly windowMs = 60_000,
  ) {}

  warn(kind: string, fields: Record<string, unknown>, message: string): void {
    const now = Date.now();
    const window = this.#windows.get(kind);
    if (window !== undefined && now - window.startedAt < this.windowMs) {
      window.suppressed += 1;
      window.timer ??= setTimeout(() => this.#summarise(kind), this.windowMs - (now - window.startedAt)).unref();
      return;
    }
    this.log.warn(fields, message);
    this.#windows.set(kind, { startedAt: now, suppressed: 0 });
  }

  #summarise(kind: string): void {
    const window = this.#windows.get(kind);
    if (window === undefined) return;
    this.#windows.delete(kind);
    if (window.suppressed === 0) return;
    const seconds = Math.round(this.windowMs / 1000);
    this.log.warn(
      { kind, count: window.suppressed, windowSeconds: seconds },
      `${kind}: ${window.suppressed} more in the last ${seconds} s (one line per ${seconds} s)`,
    );
  }
}
