/**
 * Everything started must be stopped, on success, on failure and on Ctrl-C: the Temporal dev server
 * is a child process that would otherwise outlive the benchmark. Stops run newest first, once.
 */

type Stopper = () => Promise<void>;

const stoppers: Array<{ what: string; stop: Stopper }> = [];

/** Registers a stop function; returns one that runs it now and forgets it. */
export function onCleanup(what: string, stop: Stopper): () => Promise<void> {
  const entry = { what, stop };
  stoppers.push(entry);
  return async () => {
    const index = stoppers.indexOf(entry);
    if (index === -1) return;
    stoppers.splice(index, 1);
    await entry.stop();
  };
}

/** Stops everything still registered, newest first; reports (does not throw) what failed to stop. */
export async function cleanupAll(): Promise<void> {
  while (stoppers.length > 0) {
    const { what, stop } = stoppers.pop()!;
    try {
      await stop();
    } catch (error) {
      console.error(`[bench] could not stop ${what}: ${(error as Error).message}`);
    }
  }
}
