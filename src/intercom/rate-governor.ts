/**
 * Paces Intercom requests against the app's rate budget. Intercom splits the per-minute budget into
 * six 10-second windows and reports the window's state on every response (X-RateLimit-Limit,
 * -Remaining, -Reset). Those headers are the budget *shared by every worker* on the app, so pacing
 * from them coordinates workers without a shared store: when a window runs low, every worker waits
 * for its reset. Background work (fetch-all) keeps a larger reserve, so live updates go first.
 */

export type RequestPriority = 'live' | 'background';

export interface RateWindow {
  limit: number;
  remaining: number;
  /** Unix ms when the window resets. */
  resetAt: number;
}

export interface RateGovernorOptions {
  /** Configured budget per minute, used until the first response reports the real one. */
  limitPerMinute: number;
  /** Share of each window left untouched by background work. */
  backgroundReserve?: number;
  /** Requests left untouched by everyone (other integrations, retries). */
  liveReserve?: number;
  now?: () => number;
}

export class RateGovernor {
  #window: RateWindow | undefined;
  /** Requests this process started in the current window but whose response has not arrived yet. */
  #inFlight = 0;
  /** Requests started since the last `takeRequestCount` (the operator page's budget in use). */
  #started = 0;
  readonly #options: Required<RateGovernorOptions>;

  constructor(options: RateGovernorOptions) {
    this.#options = { backgroundReserve: 0.3, liveReserve: 2, now: Date.now, ...options };
  }

  get window(): RateWindow | undefined {
    return this.#window;
  }

  /** Milliseconds to wait before a request of this priority may go out (0 = now). */
  delayFor(priority: RequestPriority): number {
    const now = this.#options.now();
    const window = this.#window;
    if (window === undefined || now >= window.resetAt) return 0;
    const reserve =
      priority === 'background'
        ? Math.max(this.#options.liveReserve, Math.ceil(window.limit * this.#options.backgroundReserve))
        : this.#options.liveReserve;
    return window.remaining - this.#inFlight > reserve ? 0 : window.resetAt - now;
  }

  started(): void {
    this.#inFlight += 1;
    this.#started += 1;
  }

  /** Requests this process started since the last call. */
  takeRequestCount(): number {
    const started = this.#started;
    this.#started = 0;
    return started;
  }

  /** The app's budget per minute: Intercom's window limit (six windows a minute) once reported, else the configured one. */
  get limitPerMinute(): number {
    return this.#window === undefined ? this.#options.limitPerMinute : this.#window.limit * 6;
  }

  /** Records a response's headers (when present) and ends the request's in-flight count. */
  finished(headers: { limit?: number; remaining?: number; reset?: number }): void {
    this.#inFlight = Math.max(0, this.#inFlight - 1);
    if (headers.limit === undefined || headers.remaining === undefined || headers.reset === undefined) return;
    const resetAt = headers.reset * 1000;
    const current = this.#window;
    // Responses arrive out of order: within one window keep the lowest remaining count.
    if (current !== undefined && current.resetAt === resetAt && current.remaining < headers.remaining) return;
    this.#window = { limit: headers.limit, remaining: headers.remaining, resetAt };
  }

  /** Called on a 429: nothing is left until the reset. */
  exhausted(resetAtMs: number): void {
    this.#window = {
      limit: this.#window?.limit ?? Math.floor(this.#options.limitPerMinute / 6),
      remaining: 0,
      resetAt: resetAtMs,
    };
  }
}

/** Reads X-RateLimit-* headers (case-insensitive; Intercom occasionally omits them). */
export function readRateHeaders(headers: Record<string, unknown>): {
  limit?: number;
  remaining?: number;
  reset?: number;
} {
  const number = (name: string) => {
    const value = Number(headers[name] ?? headers[name.toLowerCase()]);
    return Number.isFinite(value) ? value : undefined;
  };
  return {
    limit: number('x-ratelimit-limit'),
    remaining: number('x-ratelimit-remaining'),
    reset: number('x-ratelimit-reset'),
  };
}
