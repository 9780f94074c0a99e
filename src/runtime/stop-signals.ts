/**
 * How the process answers stop signals. A terminal's Ctrl-C sends SIGINT to the whole foreground
 * process group: `npm start`'s npm and node both get it, and npm forwards its own copy to node, so
 * node sees two SIGINTs milliseconds apart for one keypress. The copy must not count as a second,
 * impatient Ctrl-C: only a signal that arrives a second or more after the first forces the exit.
 */

/** Signals this close to the first are copies of it (npm's forwarding), not a person insisting. */
export const DUPLICATE_SIGNAL_WINDOW_MS = 1_000;

/** `stop`: begin a clean stop; `duplicate`: a copy of the first signal, ignore it; `force`: exit now. */
export type SignalVerdict = 'stop' | 'duplicate' | 'force';

export class StopSignals {
  #firstAt: number | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  /** True once a stop has begun (by a signal or otherwise). */
  get stopping(): boolean {
    return this.#firstAt !== undefined;
  }

  /** Records a stop that did not come from a signal (e.g. a worker failing); later signals may force. */
  begin(): void {
    this.#firstAt ??= this.now();
  }

  receive(): SignalVerdict {
    const now = this.now();
    if (this.#firstAt === undefined) {
      this.#firstAt = now;
      return 'stop';
    }
    return now - this.#firstAt < DUPLICATE_SIGNAL_WINDOW_MS ? 'duplicate' : 'force';
  }
}
