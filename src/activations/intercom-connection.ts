/**
 * The Intercom workspace an operator connected through OAuth, as every process of the engine reads
 * it: the row of the engine's database (store.ts) with its token opened with TOKEN_ENCRYPTION_KEY,
 * cached for a few seconds so a request costs no query, and forgotten at once in the process that
 * connects (others see a new connection within the cache's lifetime).
 */
import { unseal } from '../config/sealed';
import type { Secret } from '../config/secret';
import type { ActivationStore, StoredIntercomConnection } from './store';

const CACHE_MS = 5_000;

export interface IntercomConnection extends Omit<StoredIntercomConnection, 'sealedToken'> {
  token: string;
}

export class IntercomConnections {
  #cached: { at: number; value: Promise<IntercomConnection | undefined> } | undefined;

  constructor(
    private readonly store: ActivationStore,
    private readonly key: Secret,
    private readonly now: () => number = Date.now,
  ) {}

  current(): Promise<IntercomConnection | undefined> {
    if (this.#cached === undefined || this.now() - this.#cached.at > CACHE_MS) {
      const value = this.store.intercomConnection().then((row) => {
        if (row === undefined) return undefined;
        const { sealedToken, ...rest } = row;
        return { ...rest, token: unseal(this.key, sealedToken) };
      });
      // A failed read is not cached: the next request asks again.
      value.catch(() => (this.#cached = undefined));
      this.#cached = { at: this.now(), value };
    }
    return this.#cached.value;
  }

  forget(): void {
    this.#cached = undefined;
  }
}
