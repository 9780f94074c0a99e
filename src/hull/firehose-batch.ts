/**
 * Collects firehose messages (traits, track, alias, unalias) for many entities and sends them in
 * batches of at most 50, the batch size of Hull's reference client (Hull documents no limit). Each
 * message names its entity in its own signed token, so one batch carries many entities. Unlike
 * Hull's reference client there is no timer: callers flush explicitly, so an activity reports
 * success only after Hull acknowledged every write it made.
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

interface QueuedMessage {
  type: 'traits' | 'track' | 'alias' | 'unalias';
  body: Record<string, unknown>;
  subject: EntitySubject;
  /** When the message was queued (ms): its `timestamp`, and its token's `iat`. */
  queuedAt: number;
}

export const FIREHOSE_BATCH_SIZE = 50;

export class FirehoseBatch {
  readonly #messages: QueuedMessage[] = [];

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

  /** Links a user to an account, and applies account traits if any: a token naming both, as an account. */
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

  accountAlias(claims: AccountClaims, anonymousId: string): void {
    this.#push('alias', { anonymous_id: anonymousId }, { asAccount: accountClaims(claims), subjectType: 'account' });
  }

  #push(type: QueuedMessage['type'], body: Record<string, unknown>, subject: EntitySubject): void {
    const subjectClaims = subject.subjectType === 'user' ? subject.asUser : (subject.asAccount ?? subject.asUser);
    if (!subjectClaims || !hasClaims(subjectClaims)) {
      throw new Error(`a ${type} message needs at least one identity claim`);
    }
    this.#messages.push({ type, body, subject, queuedAt: this.now() });
  }

  /** The message as the firehose reads it, with its signed token. */
  async #wire(message: QueuedMessage): Promise<Record<string, unknown>> {
    const { connectorId, secret } = this.credentials;
    const token = await entityToken(connectorId, secret, message.subject, message.queuedAt / 1000);
    return {
      type: message.type,
      body: message.body,
      headers: { 'Hull-Access-Token': token },
      timestamp: new Date(message.queuedAt).toISOString(),
    };
  }

  /** Sends everything queued, 50 messages per request; rejects if Hull does not acknowledge a batch. */
  async flush(signal?: AbortSignal): Promise<number> {
    let sentNow = 0;
    while (this.#messages.length > 0) {
      const chunk = this.#messages.slice(0, FIREHOSE_BATCH_SIZE);
      const batch = await Promise.all(chunk.map((message) => this.#wire(message)));
      const sentAt = new Date(this.now()).toISOString();
      await hullRequest(
        this.http,
        { method: 'POST', url: this.firehoseUrl, data: { batch, timestamp: sentAt, sentAt } },
        signal,
      );
      this.#messages.splice(0, chunk.length);
      sentNow += chunk.length;
    }
    return sentNow;
  }
}
