/**
 * Tags many contacts with one request. `POST /tags` takes a list of contacts, so every write in this
 * worker process that adds the same tag within a short window joins one request instead of sending
 * its own: a push of 5,000 new users in one segment costs about 5,000 / 100 tag requests, not 5,000.
 *
 * Each caller waits for the request its contact went out in and gets that contact's own result
 * (Intercom 2.16 says per contact whether it was tagged), so the activity that asked completes only
 * once its tag is applied. Nothing is kept anywhere but in the waiting activities: if the worker dies,
 * they time out and Temporal retries them elsewhere, and tagging a contact twice changes nothing.
 */
import type { CallOptions, IntercomClient } from './client';

export interface TagBatcherOptions {
  /** How long the first contact of a batch waits for others to join. */
  windowMs?: number;
  /** Contacts per request; a full batch goes out at once. */
  maxContacts?: number;
}

/**
 * A batch goes out when it is full or two seconds after its first contact: at the full budget (~170
 * writes a second) batches fill in well under a second, so the window only bounds the wait when few
 * writes run, and keeps their batches big enough (~20 contacts at 10 writes a second) that tags stay
 * a small share of the requests either way.
 */
export const TAG_BATCH_DEFAULTS: Required<TagBatcherOptions> = { windowMs: 2_000, maxContacts: 100 };

interface Waiter {
  contactId: string;
  call: CallOptions;
  resolve(tagged: boolean): void;
  reject(error: unknown): void;
}

interface Batch {
  name: string;
  waiters: Waiter[];
  timer: NodeJS.Timeout;
}

const abortReason = (signal: AbortSignal): Error =>
  signal.reason instanceof Error ? signal.reason : Object.assign(new Error('cancelled'), { name: 'AbortError' });

export class TagBatcher {
  readonly #open = new Map<string, Batch>();
  readonly #options: Required<TagBatcherOptions>;

  constructor(
    private readonly intercom: IntercomClient,
    options: TagBatcherOptions = {},
  ) {
    this.#options = { ...TAG_BATCH_DEFAULTS, ...options };
  }

  /**
   * Adds the tag (by name; created when missing) to the contact, in a request shared with the other
   * contacts tagged with it meanwhile. Resolves with whether Intercom tagged it (false: Intercom has no
   * such contact); rejects with the request's error, or when the caller's call is cancelled first.
   */
  tag(name: string, contactId: string, call: CallOptions): Promise<boolean> {
    // Intercom compares tag names case-insensitively: "VIP" and "vip" are one tag, one batch.
    const key = name.toLowerCase();
    return new Promise<boolean>((resolve, reject) => {
      if (call.signal?.aborted) return reject(abortReason(call.signal));
      let batch = this.#open.get(key);
      if (batch === undefined) {
        batch = { name, waiters: [], timer: setTimeout(() => this.#send(key), this.#options.windowMs) };
        this.#open.set(key, batch);
      }
      const waiter: Waiter = { contactId, call, resolve, reject };
      batch.waiters.push(waiter);
      // A cancelled activity leaves a batch not yet sent (once sent, its answer is simply not awaited).
      call.signal?.addEventListener(
        'abort',
        () => {
          const open = this.#open.get(key);
          if (open === undefined || !open.waiters.includes(waiter)) return;
          open.waiters = open.waiters.filter((w) => w !== waiter);
          reject(abortReason(call.signal!));
        },
        { once: true },
      );
      if (batch.waiters.length >= this.#options.maxContacts) this.#send(key);
    });
  }

  /** Batches not sent yet (tests and the stop log). */
  get pending(): number {
    return [...this.#open.values()].reduce((sum, batch) => sum + batch.waiters.length, 0);
  }

  #send(key: string): void {
    const batch = this.#open.get(key);
    if (batch === undefined) return;
    this.#open.delete(key);
    clearTimeout(batch.timer);
    const { waiters } = batch;
    if (waiters.length === 0) return;
    const ids = [...new Set(waiters.map((w) => w.contactId))];
    const first = waiters[0]!.call;
    // The shared request counts for the write that opened the batch; every waiter is kept alive
    // (heartbeats) and told about a wait for the rate window.
    const call: CallOptions = {
      priority: waiters.some((w) => (w.call.priority ?? 'live') === 'live') ? 'live' : 'background',
      meter: first.meter,
      heartbeat: () => waiters.forEach((w) => w.call.heartbeat?.()),
      onWait: (why) => waiters.forEach((w) => w.call.onWait?.(why)),
    };
    this.intercom.tagContactsReporting(batch.name, ids, call).then(
      (result) => {
        // 2.16 lists each contact with `tagged`; an answer without the list tagged them all.
        const reported = new Map((result.users ?? []).map((user) => [user.id, user.tagged !== false]));
        for (const w of waiters) w.resolve(result.users === undefined ? true : (reported.get(w.contactId) ?? false));
      },
      (error: unknown) => {
        for (const w of waiters) w.reject(error);
      },
    );
  }
}
