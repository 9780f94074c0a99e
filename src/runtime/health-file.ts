/**
 * A file a container healthcheck reads to tell a working worker process from a stuck one (the
 * worker has no HTTP port to ask): touched every few seconds while `healthy()` holds (its Temporal
 * workers are running and Temporal answers), removed as soon as it does not, and when the process
 * stops. The check is then a single stat: the file was touched within the last 30 seconds.
 */
import { rmSync, writeFileSync } from 'node:fs';

export const HEALTH_FILE_INTERVAL_MS = 10_000;

export class HealthFile {
  #timer: NodeJS.Timeout | undefined;
  #beating: Promise<boolean> = Promise.resolve(false);
  #stopped = false;

  constructor(
    private readonly path: string,
    private readonly healthy: () => Promise<boolean>,
  ) {}

  /** Checks once: touches the file when healthy, removes it otherwise. Returns the verdict. */
  beat(): Promise<boolean> {
    this.#beating = this.#beating.then(async () => {
      const ok = !this.#stopped && (await this.healthy().catch(() => false));
      if (ok && !this.#stopped) writeFileSync(this.path, `${new Date().toISOString()}\n`);
      else rmSync(this.path, { force: true });
      return ok;
    });
    return this.#beating;
  }

  start(everyMs = HEALTH_FILE_INTERVAL_MS): void {
    const next = () => {
      this.#timer = setTimeout(() => void this.beat().finally(() => this.#stopped || next()), everyMs);
      this.#timer.unref();
    };
    next();
  }

  /** Stops beating and removes the file, so a stopping worker reads as unhealthy at once. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#beating.catch(() => undefined);
    rmSync(this.path, { force: true });
  }
}
