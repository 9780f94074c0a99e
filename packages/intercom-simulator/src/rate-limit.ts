/**
 * Intercom's rate limit: the per-minute allowance (10,000 by default) is split evenly into six aligned
 * 10-second windows, so bursting a whole minute's budget in one second fails. Every authenticated
 * response reports the current window: `X-RateLimit-Limit` (window allowance), `X-RateLimit-Remaining`,
 * `X-RateLimit-Reset` (Unix seconds when the window ends). Exceeding it answers 429
 * `rate_limit_exceeded` "Exceeded rate limit of N in 10_seconds".
 */
import { IntercomHttpError } from './errors';

export const WINDOW_MS = 10_000;

export interface RateLimitHeaders {
  'X-RateLimit-Limit': string;
  'X-RateLimit-Remaining': string;
  'X-RateLimit-Reset': string;
}

export class RateLimiter {
  private windowIndex = -1;
  private used = 0;
  readonly allowance: number;

  constructor(
    perMinute: number,
    private readonly now: () => number,
  ) {
    this.allowance = Math.max(1, Math.floor(perMinute / 6));
  }

  /** Counts one call; returns the headers to send and whether the call is allowed. */
  consume(): { allowed: boolean; headers: RateLimitHeaders } {
    const now = this.now();
    const index = Math.floor(now / WINDOW_MS);
    if (index !== this.windowIndex) {
      this.windowIndex = index;
      this.used = 0;
    }
    this.used += 1;
    return {
      allowed: this.used <= this.allowance,
      headers: this.headers(Math.max(0, this.allowance - this.used), ((index + 1) * WINDOW_MS) / 1000),
    };
  }

  /** Headers of a forced 429 (fault injection): nothing remaining, reset at `untilMs` or the window end. */
  exhaustedHeaders(untilMs?: number): RateLimitHeaders {
    const now = this.now();
    const windowEnd = ((Math.floor(now / WINDOW_MS) + 1) * WINDOW_MS) / 1000;
    const reset = untilMs === undefined ? windowEnd : Math.max(Math.ceil(untilMs / 1000), Math.floor(now / 1000) + 1);
    return this.headers(0, reset);
  }

  exceededError(): IntercomHttpError {
    return new IntercomHttpError(429, 'rate_limit_exceeded', `Exceeded rate limit of ${this.allowance} in 10_seconds`);
  }

  private headers(remaining: number, resetSeconds: number): RateLimitHeaders {
    return {
      'X-RateLimit-Limit': String(this.allowance),
      'X-RateLimit-Remaining': String(remaining),
      'X-RateLimit-Reset': String(resetSeconds),
    };
  }
}
