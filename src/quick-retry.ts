/**
 * The clients' one in-call retry, shared by the Intercom and the Hull client: a request that failed
 * in a way that is usually momentary (a 5xx, a timeout, a dropped connection) is sent again twice,
 * after about 0.2 s and 1 s, before the failure goes to Temporal's activity retry policy, which
 * retries everything else (README "Errors and retries").
 *
 * Why not leave it all to Temporal: an activity makes several requests (a user's write looks up,
 * creates or updates, tags, links), so at a 1-in-5 error rate most attempts would fail somewhere,
 * and each failed attempt waits twice as long as the one before and redoes the requests before the
 * failure. Retrying the one request keeps a burst of 5xx from turning into minutes of backoff.
 * Callers pass `retryable` so that a request that must not be repeated blindly (a create) is not.
 */

/** Waits before each quick retry, jittered by ±50% so workers that failed together do not retry together. */
export const QUICK_RETRY_DELAYS_MS: readonly number[] = [200, 1_000];

export interface QuickRetryOptions {
  /** Whether this failure may be retried here. */
  retryable: (error: unknown) => boolean;
  signal?: AbortSignal;
  /** How to wait (the Intercom transport heartbeats its activity meanwhile). */
  wait?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason as Error);
      },
      { once: true },
    );
  });

export async function withQuickRetries<T>(call: () => Promise<T>, options: QuickRetryOptions): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      const mayRetry = attempt < QUICK_RETRY_DELAYS_MS.length && options.retryable(error) && !options.signal?.aborted;
      if (!mayRetry) throw error;
      await (options.wait ?? sleep)(QUICK_RETRY_DELAYS_MS[attempt]! * (0.5 + Math.random()), options.signal);
    }
  }
}
