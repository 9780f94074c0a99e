/**
 * "What changed since this entity's last notification" (`changes`, `events`): each entity has a
 * baseline — its flat view, segment ids, (for users) embedded account and the event sequence — taken
 * when a notification message was last built for it. An entity without a baseline was created since
 * and is `is_new`; seeding captures baselines so sample data does not read as new.
 */
import type { HullStore } from './store';
import type { HullAccount, HullEvent, HullUser } from './types';
import { accountAttributes, userAttributes } from './views';

/** Attribute → [old, new]; old is null for newly set values. */
export type AttributeDiff = Record<string, [unknown, unknown]>;

export interface SegmentIdChanges {
  entered: string[];
  left: string[];
}

export interface UserChanges {
  isNew: boolean;
  user: AttributeDiff;
  account: AttributeDiff;
  segments: SegmentIdChanges;
  accountSegments: SegmentIdChanges;
  events: HullEvent[];
}

export interface AccountChanges {
  isNew: boolean;
  account: AttributeDiff;
  accountSegments: SegmentIdChanges;
}

interface AccountBaseline {
  attributes: Record<string, unknown>;
  segmentIds: string[];
}

interface UserBaseline extends AccountBaseline {
  account: AccountBaseline;
  eventSequence: number;
}

const EMPTY: AccountBaseline = { attributes: {}, segmentIds: [] };

/** Changes since the baseline, and how to make the state they were computed from the next baseline. */
export interface TrackedChanges<C> {
  changes: C;
  markNotified(): void;
}

export function diffAttributes(before: Record<string, unknown>, after: Record<string, unknown>): AttributeDiff {
  const diff: AttributeDiff = {};
  for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const old = before[name] ?? null;
    const next = after[name] ?? null;
    if (JSON.stringify(old) !== JSON.stringify(next)) diff[name] = [old, next];
  }
  return diff;
}

function diffSegments(before: readonly string[], after: readonly string[]): SegmentIdChanges {
  return {
    entered: after.filter((id) => !before.includes(id)),
    left: before.filter((id) => !after.includes(id)),
  };
}

function hasSegmentChanges(changes: SegmentIdChanges): boolean {
  return changes.entered.length > 0 || changes.left.length > 0;
}

export function isEmptyUserChange(changes: UserChanges): boolean {
  return (
    !changes.isNew &&
    Object.keys(changes.user).length === 0 &&
    Object.keys(changes.account).length === 0 &&
    !hasSegmentChanges(changes.segments) &&
    !hasSegmentChanges(changes.accountSegments) &&
    changes.events.length === 0
  );
}

export function isEmptyAccountChange(changes: AccountChanges): boolean {
  return !changes.isNew && Object.keys(changes.account).length === 0 && !hasSegmentChanges(changes.accountSegments);
}

/** Every entity's baseline, as plain JSON. */
export interface ChangeTrackerSnapshot {
  users: Array<[string, UserBaseline]>;
  accounts: Array<[string, AccountBaseline]>;
}

export class ChangeTracker {
  private readonly users = new Map<string, UserBaseline>();
  private readonly accounts = new Map<string, AccountBaseline>();

  constructor(private readonly store: HullStore) {}

  snapshot(): ChangeTrackerSnapshot {
    return { users: [...this.users], accounts: [...this.accounts] };
  }

  restore(snapshot: ChangeTrackerSnapshot): void {
    this.users.clear();
    this.accounts.clear();
    for (const [id, baseline] of snapshot.users) this.users.set(id, baseline);
    for (const [id, baseline] of snapshot.accounts) this.accounts.set(id, baseline);
  }

  userChanges(user: HullUser): TrackedChanges<UserChanges> {
    const baseline = this.users.get(user.id);
    const current = this.userSnapshot(user);
    return {
      changes: {
        isNew: baseline === undefined,
        user: diffAttributes(baseline?.attributes ?? {}, current.attributes),
        account: diffAttributes(baseline?.account.attributes ?? {}, current.account.attributes),
        segments: diffSegments(baseline?.segmentIds ?? [], current.segmentIds),
        accountSegments: diffSegments(baseline?.account.segmentIds ?? [], current.account.segmentIds),
        events: this.store.eventsOf(user.id, baseline?.eventSequence ?? 0),
      },
      markNotified: () => this.users.set(user.id, current),
    };
  }

  accountChanges(account: HullAccount): TrackedChanges<AccountChanges> {
    const baseline = this.accounts.get(account.id);
    const current = this.accountSnapshot(account);
    return {
      changes: {
        isNew: baseline === undefined,
        account: diffAttributes(baseline?.attributes ?? {}, current.attributes),
        accountSegments: diffSegments(baseline?.segmentIds ?? [], current.segmentIds),
      },
      markNotified: () => this.accounts.set(account.id, current),
    };
  }

  /** The user's current state becomes what the next notification is compared with. */
  markUserNotified(user: HullUser): void {
    this.users.set(user.id, this.userSnapshot(user));
  }

  markAccountNotified(account: HullAccount): void {
    this.accounts.set(account.id, this.accountSnapshot(account));
  }

  private accountSnapshot(account: HullAccount | undefined): AccountBaseline {
    if (account === undefined) return EMPTY;
    return { attributes: accountAttributes(account), segmentIds: [...account.segment_ids] };
  }

  private userSnapshot(user: HullUser): UserBaseline {
    return {
      attributes: userAttributes(user),
      segmentIds: [...user.segment_ids],
      account: this.accountSnapshot(this.store.accountOf(user)),
      eventSequence: this.store.eventSequence,
    };
  }
}
