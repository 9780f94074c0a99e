/**
 * In-memory state of the simulated organization: users, accounts, the user → account links and
 * events. Pure bookkeeping; the protocol rules live in identity.ts, traits.ts and ingest.ts.
 */
import { EntityTable, type EntityTableSnapshot } from './entity-table';
import { sequentialId } from './ids';
import type { HullAccount, HullEvent, HullUser } from './types';

interface StoredEvent {
  event: HullEvent;
  /** Ingestion order; notifications report events with a sequence above the entity's baseline. */
  sequence: number;
}

/** The organization's data as plain JSON; links and event indexes are rebuilt from it. */
export interface HullStoreSnapshot {
  users: EntityTableSnapshot<HullUser>;
  accounts: EntityTableSnapshot<HullAccount>;
  events: StoredEvent[];
  userSequence: number;
  accountSequence: number;
  lastEventSequence: number;
}

export class HullStore {
  readonly users = new EntityTable<HullUser, 'external_id' | 'email'>(['external_id', 'email']);
  readonly accounts = new EntityTable<HullAccount, 'external_id' | 'domain'>(['external_id', 'domain']);
  private readonly events = new Map<string, StoredEvent>();
  private readonly eventIdsByUser = new Map<string, Set<string>>();
  private readonly userIdsByAccount = new Map<string, Set<string>>();
  private userSequence = 0;
  private accountSequence = 0;
  private lastEventSequence = 0;

  snapshot(): HullStoreSnapshot {
    return {
      users: this.users.snapshot(),
      accounts: this.accounts.snapshot(),
      events: [...this.events.values()],
      userSequence: this.userSequence,
      accountSequence: this.accountSequence,
      lastEventSequence: this.lastEventSequence,
    };
  }

  restore(snapshot: HullStoreSnapshot): void {
    this.users.restore(snapshot.users);
    this.accounts.restore(snapshot.accounts);
    this.userIdsByAccount.clear();
    for (const user of this.users.values()) this.link(user, user.account_id);
    this.events.clear();
    this.eventIdsByUser.clear();
    for (const stored of snapshot.events) {
      this.events.set(stored.event.event_id, stored);
      this.indexEvent(stored.event);
    }
    this.userSequence = snapshot.userSequence;
    this.accountSequence = snapshot.accountSequence;
    this.lastEventSequence = snapshot.lastEventSequence;
  }

  createUser(at: string): HullUser {
    this.userSequence += 1;
    const user: HullUser = {
      id: sequentialId('user', this.userSequence),
      email: null,
      external_id: null,
      anonymous_ids: [],
      traits: {},
      account_id: null,
      segment_ids: [],
      created_at: at,
      updated_at: at,
    };
    this.users.insert(user);
    return user;
  }

  createAccount(at: string): HullAccount {
    this.accountSequence += 1;
    const account: HullAccount = {
      id: sequentialId('account', this.accountSequence),
      domain: null,
      external_id: null,
      anonymous_ids: [],
      traits: {},
      segment_ids: [],
      created_at: at,
      updated_at: at,
    };
    this.accounts.insert(account);
    return account;
  }

  deleteUser(user: HullUser): void {
    this.link(user, null);
    for (const eventId of this.eventIdsByUser.get(user.id) ?? []) this.events.delete(eventId);
    this.eventIdsByUser.delete(user.id);
    this.users.remove(user);
  }

  deleteAccount(account: HullAccount): void {
    for (const user of this.usersOfAccount(account.id)) this.link(user, null);
    this.accounts.remove(account);
  }

  /** Links a user to an account (or unlinks with null); a user belongs to at most one account. */
  link(user: HullUser, accountId: string | null): void {
    if (user.account_id !== null) this.userIdsByAccount.get(user.account_id)?.delete(user.id);
    user.account_id = accountId;
    if (accountId === null) return;
    const members = this.userIdsByAccount.get(accountId) ?? new Set<string>();
    members.add(user.id);
    this.userIdsByAccount.set(accountId, members);
  }

  usersOfAccount(accountId: string): HullUser[] {
    const ids = [...(this.userIdsByAccount.get(accountId) ?? [])];
    return ids.map((id) => this.users.get(id)).filter((user): user is HullUser => user !== undefined);
  }

  accountOf(user: HullUser): HullAccount | undefined {
    return user.account_id === null ? undefined : this.accounts.get(user.account_id);
  }

  /** Highest event sequence so far; a notification baseline remembers it. */
  get eventSequence(): number {
    return this.lastEventSequence;
  }

  /**
   * Upserts by `event_id` (a duplicate overwrites, last write wins, no second event). The
   * original sequence is kept, so a duplicate of an already notified event is not reported again.
   */
  upsertEvent(event: HullEvent): { created: boolean } {
    const existing = this.events.get(event.event_id);
    if (existing !== undefined) {
      if (existing.event.user_id !== event.user_id) {
        this.eventIdsByUser.get(existing.event.user_id)?.delete(event.event_id);
      }
      existing.event = event;
      this.indexEvent(event);
      return { created: false };
    }
    this.lastEventSequence += 1;
    this.events.set(event.event_id, { event, sequence: this.lastEventSequence });
    this.indexEvent(event);
    return { created: true };
  }

  eventsOf(userId: string, afterSequence = 0): HullEvent[] {
    const stored = [...(this.eventIdsByUser.get(userId) ?? [])]
      .map((eventId) => this.events.get(eventId))
      .filter((entry): entry is StoredEvent => entry !== undefined && entry.sequence > afterSequence);
    return stored.sort((a, b) => a.sequence - b.sequence).map((entry) => entry.event);
  }

  allEvents(): HullEvent[] {
    return [...this.events.values()].map((entry) => entry.event);
  }

  /** Re-homes a merged-away user's events on the surviving user. */
  moveEvents(fromUserId: string, toUserId: string): void {
    for (const event of this.eventsOf(fromUserId)) {
      event.user_id = toUserId;
      this.indexEvent(event);
    }
    this.eventIdsByUser.delete(fromUserId);
  }

  private indexEvent(event: HullEvent): void {
    const ids = this.eventIdsByUser.get(event.user_id) ?? new Set<string>();
    ids.add(event.event_id);
    this.eventIdsByUser.set(event.user_id, ids);
  }
}
