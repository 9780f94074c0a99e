/**
 * Polling helpers: the engine works asynchronously (notification → Temporal → activity → Intercom),
 * so scenarios wait for visible effects. A timeout names what never happened and how far it got.
 */

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface Progress {
  done: boolean;
  /** Shown if the wait times out, e.g. "4,213 of 5,000 contacts created". */
  status: string;
}

export async function waitUntil(
  what: string,
  probe: () => Progress | Promise<Progress>,
  { timeoutMs, intervalMs = 250 }: { timeoutMs: number; intervalMs?: number },
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const progress = await probe();
    if (progress.done) return;
    if (Date.now() >= deadline) {
      throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what} (${progress.status})`);
    }
    await sleep(intervalMs);
  }
}

/** Runs `work` over `items` with at most `parallel` in flight (for per-workflow Temporal calls). */
export async function mapInBatches<T, R>(items: T[], parallel: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += parallel)
    results.push(...(await Promise.all(items.slice(i, i + parallel).map(work))));
  return results;
}
