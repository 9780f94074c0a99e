/**
 * Polls until an assertion passes: for effects a workflow applies asynchronously (webhook → Temporal →
 * activity → Hull). `probe` either throws (a failed `expect`) or returns the value to use; the last
 * failure is rethrown when the time is up, so a timeout reads like the assertion that never held.
 */
export async function eventually<T>(
  probe: () => T | Promise<T>,
  timeoutMs = 15_000,
  intervalMs = 50,
): Promise<Awaited<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await probe();
    } catch (error) {
      if (Date.now() >= deadline) {
        if (error instanceof Error) error.message = `still failing after ${timeoutMs} ms: ${error.message}`;
        throw error;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Waits until `probe` returns something other than undefined or false (e.g. a run reaching COMPLETED). */
export function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 60_000,
): Promise<T> {
  return eventually(async () => {
    const value = await probe();
    if (value === undefined || value === false) throw new Error(`waiting for ${what}`);
    return value;
  }, timeoutMs);
}
