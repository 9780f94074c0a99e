/**
 * Collects firehose messages (traits, track, alias, unalias) for many entities and sends them in
 * batches of at most 50 (../shared/hull-platform.md §2). Unlike Hull's reference client there is no
 * timer: callers flush explicitly, so an activity reports success only after Hull acknowledged
 * every write it made.
 */
import type { AxiosInstance } from 'axios';
import { accountClaims, hasClaims, userClaims, type AccountClaims, type UserClaims } from './claims';
import { entityToken, type EntitySubject } from './entity-token';
import { hullRequest } from './http';

export type TraitValue = string | number | boolean | null | string[] | { operation: string; value: unknown };
export type Traits = Record<string, TraitValue>;

export interface HullEventInput {
  event: string;
  properties: Record<string, unknown>;
  /** Deterministic id: a repeat overwrites instead of creating a second event. */
  eventId: string;
  createdAt: string;
  source: string;
  type?: string;
}

interface FirehoseMessage {
  type: 'traits' | 'track' | 'alias' | 'unalias';
  body: Record<string, unknown>;
  headers: { 'Hull-Access-Token': string };
  timestamp: string;
}

export const FIREHOSE_BATCH_SIZE = 50;

export class FirehoseBatch {
  readonly #messages: FirehoseMessage[] = [];

  constructor(
    private readonly http: AxiosInstance,
    private readonly firehoseUrl: string,
    private readonly credentials: { connectorId: string; secret: string },
    private readonly now: () => number = Date.now,
  ) {}

  get pending(): number {
    return this.#messages.length;
  }

  userTraits(claims: UserClaims, traits: Traits, options: { create?: boolean } = {}): void {
    this.#push('traits', traits, { asUser: userClaims(claims), subjectType: 'user', ...options });
  }

  accountTraits(claims: AccountClaims, traits: Traits, options: { create?: boolean } = {}): void {
    this.#push('traits', traits, { asAccount: accountClaims(claims), subjectType: 'account', ...options });
  }

  /** Links a user to an account (and applies account traits, if any): subject combination 3 of §1.2. */
  linkUserToAccount(user: UserClaims, account: AccountClaims, accountTraitsToSet: Traits = {}): void {
    this.#push('traits', accountTraitsToSet, {
      asUser: userClaims(user),
      asAccount: accountClaims(account),
      subjectType: 'account',
    });
  }

  track(claims: UserClaims, event: HullEventInput): void {
    const body = {
      ip: null,
      url: null,
      referer: null,
      source: event.source,
      type: event.type ?? event.source,
      created_at: event.createdAt,
      event_id: event.eventId,
      properties: event.properties,
      event: event.event,
    };
    this.#push('track', body, { asUser: userClaims(claims), subjectType: 'user' });
  }

  alias(claims: UserClaims, anonymousId: string, type: 'alias' | 'unalias' = 'alias'): void {
    this.#push(type, { anonymous_id: anonymousId }, { asUser: userClaims(claims), subjectType: 'user' });
  }

  #push(type: FirehoseMessage['type'], body: Record<string, unknown>, subject: EntitySubject): void {
    const subjectClaims = subject.subjectType === 'user' ? subject.asUser : (subject.asAccount ?? subject.asUser);
    if (!subjectClaims || !hasClaims(subjectClaims)) {
      throw new Error(`a ${type} message needs at least one identity claim`);
    }
    const now = this.now();
    this.#messages.push({
      type,
      body,
      headers: {
        'Hull-Access-Token': entityToken(this.credentials.connectorId, this.credentials.secret, subject, now / 1000),
      },
      timestamp: new Date(now).toISOString(),
    });
  }

  /** Sends everything queued, 50 messages per request; rejects if Hull does not acknowledge a batch. */
  async flush(signal?: AbortSignal): Promise<number> {
    let sentNow = 0;
    while (this.#messages.length > 0) {
      const chunk = this.#messages.slice(0, FIREHOSE_BATCH_SIZE);
      const sentAt = new Date(this.now()).toISOString();
      await hullRequest(
        this.http,
        { method: 'POST', url: this.firehoseUrl, data: { batch: chunk, timestamp: sentAt, sentAt } },
        signal,
      );
      this.#messages.splice(0, chunk.length);
      sentNow += chunk.length;
    }
    return sentNow;
  }
}
