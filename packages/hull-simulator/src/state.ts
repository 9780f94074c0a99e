/**
 * The organization's data as one unit: the store, the segments, the clock and the counters, plus
 * the step every write ends with — recomputing segment membership of what it touched.
 */
import type { SegmentRegistry } from './segments';
import { HullStore } from './store';
import { emptyCounters, type HullAccount, type HullCounters, type HullUser } from './types';
import { accountAttributes, userProfileView } from './views';

/** Ids touched by one unit of work (a firehose batch, an API call). */
export class Touched {
  readonly users = new Set<string>();
  readonly accounts = new Set<string>();

  user(user: HullUser): void {
    this.users.add(user.id);
  }

  account(account: HullAccount): void {
    this.accounts.add(account.id);
  }

  get isEmpty(): boolean {
    return this.users.size === 0 && this.accounts.size === 0;
  }
}

export interface CommittedChanges {
  users: HullUser[];
  accounts: HullAccount[];
}

export class HullState {
  readonly store = new HullStore();
  readonly counters: HullCounters = emptyCounters();

  constructor(
    readonly segments: SegmentRegistry,
    private readonly clock: () => number,
  ) {}

  now(): number {
    return this.clock();
  }

  nowIso(): string {
    return new Date(this.clock()).toISOString();
  }

  /**
   * Re-evaluates segments of everything touched and returns the live entities (merged-away ids
   * resolve to their survivor, deleted ones drop out). Accounts first: user segments may look at
   * the embedded account, so members of a touched account are re-evaluated too.
   */
  commit(touched: Touched): CommittedChanges {
    const accounts = this.live(touched.accounts, (id) => this.store.accounts.get(id));
    const users = this.live(touched.users, (id) => this.store.users.get(id));
    for (const account of accounts) this.refreshAccountSegments(account);
    const members = accounts.flatMap((account) => this.store.usersOfAccount(account.id));
    for (const user of new Set([...users, ...members])) this.refreshUserSegments(user);
    return { users, accounts };
  }

  refreshUserSegments(user: HullUser): void {
    user.segment_ids = this.segments.membership('users_segment', userProfileView(user, this.store.accountOf(user)));
  }

  refreshAccountSegments(account: HullAccount): void {
    account.segment_ids = this.segments.membership('accounts_segment', accountAttributes(account));
  }

  /** Re-evaluates every entity, e.g. after a segment definition changed. */
  refreshAllSegments(): void {
    for (const account of this.store.accounts.values()) this.refreshAccountSegments(account);
    for (const user of this.store.users.values()) this.refreshUserSegments(user);
  }

  private live<T extends { id: string }>(ids: Iterable<string>, get: (id: string) => T | undefined): T[] {
    const byId = new Map<string, T>();
    for (const id of ids) {
      const entity = get(id);
      if (entity !== undefined) byId.set(entity.id, entity);
    }
    return [...byId.values()];
  }
}
