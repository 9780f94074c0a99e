/**
 * Pauses outgoing sync when Intercom refuses the credentials (401/403): retrying every record would
 * burn each one on the same error. While paused, outgoing activities fail *retryably* with the reason
 * and a retry delay, so records wait in Temporal instead of failing; one request per pause window
 * checks whether the token works again. The reason also goes to the connector's status in Hull.
 */
import { IntercomAuthError, IntercomTransientError, type IntercomErrorDetails } from '../../intercom/errors';

export const DEFAULT_PAUSE_MS = 5 * 60_000;

/** How long work waits while one request checks whether a refused token works again. */
const PROBE_WAIT_MS = 5_000;

export class OutgoingGate {
  #pausedUntil = 0;
  #reason = '';
  #probing = false;

  constructor(
    private readonly report: (status: 'ok' | 'error', messages: string[]) => Promise<void>,
    private readonly pauseMs = DEFAULT_PAUSE_MS,
    private readonly now: () => number = Date.now,
    /** How else to restore the token, said with the reason (e.g. connecting again through OAuth). */
    private readonly reconnect?: string,
  ) {}

  get paused(): { reason: string; until: number } | undefined {
    return this.now() < this.#pausedUntil ? { reason: this.#reason, until: this.#pausedUntil } : undefined;
  }

  /**
   * Runs outgoing work unless paused; trips the pause on an auth error. When a pause ends, one piece
   * of work goes through as the probe while the rest keeps waiting, so a still-refused token costs one
   * request per pause, not one per waiting record.
   */
  async run<T>(work: () => Promise<T>): Promise<T> {
    const paused = this.paused;
    if (paused) throw this.#waiting(paused.reason, paused.until - this.now());
    const probe = this.#reason !== '';
    if (probe) {
      if (this.#probing) throw this.#waiting(`${this.#reason} (checking whether the token works again)`, PROBE_WAIT_MS);
      this.#probing = true;
    }
    try {
      const result = await work();
      if (probe) {
        this.#reason = '';
        await this.report('ok', []).catch(() => undefined);
      }
      return result;
    } catch (error) {
      if (!(error instanceof IntercomAuthError)) throw error;
      this.#reason = `Intercom refused the credentials (${error.details.status} ${error.details.code ?? ''}: ${error.details.message}); fix the token${this.reconnect === undefined ? '' : ` ${this.reconnect}`}, outgoing sync resumes by itself`;
      this.#pausedUntil = this.now() + this.pauseMs;
      await this.report('error', [this.#reason]).catch(() => undefined);
      throw this.#waiting(this.#reason, this.pauseMs, error.details);
    } finally {
      if (probe) this.#probing = false;
    }
  }

  #waiting(
    reason: string,
    retryAfterMs: number,
    details: IntercomErrorDetails = { method: '-', path: '-', message: '' },
  ) {
    return new IntercomTransientError({ ...details, message: `outgoing sync is paused: ${reason}` }, retryAfterMs);
  }
}
