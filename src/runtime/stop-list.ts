import type { Logger } from '../logger';

/**
 * What to undo on shutdown, in reverse order of starting (the API before the workers before the
 * connection). A step that fails is logged and the others still run, so one failure leaves nothing
 * else behind.
 */
export class StopList {
  readonly #steps: Array<() => Promise<void>> = [];

  constructor(private readonly log: Logger) {}

  /** Registers the undoing of what was just started: it runs before everything registered earlier. */
  add(step: () => Promise<void>): void {
    this.#steps.unshift(step);
  }

  async run(): Promise<void> {
    for (const step of this.#steps) {
      await step().catch((error: unknown) => this.log.warn({ err: error }, 'error while stopping'));
    }
  }
}
