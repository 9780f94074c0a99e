/**
 * Deciding what the connector is told, and queueing it on the notifier.
 *
 * Who gets a user:update / account:update: entities in one of the segments whitelisted by the
 * connector's settings (`synchronized_user_segments` ∪ `synchronized_lead_segments` for users,
 * `synchronized_account_segments` for accounts, see connector.ts), plus entities that just *left*
 * a whitelisted segment, so the connector can untag or stop syncing them. A missing or empty
 * whitelist notifies nobody. Exports (`isExport`) are explicit selections and bypass the whitelist;
 * they carry current state with empty `changes`/`events` (as batch exports do) and do not
 * move the change baseline.
 *
 * Building a live message moves the entity's change baseline, whether or not the whitelist lets
 * it through: like the real platform, changes belong to one update and are not replayed later.
 */
import {
  isEmptyAccountChange,
  isEmptyUserChange,
  type AccountChanges,
  type ChangeTracker,
  type TrackedChanges,
  type UserChanges,
} from './changes';
import type { ConnectorState } from './connector';
import { accountUpdateMessage, userUpdateMessage } from './messages';
import type { DeliverySummary, Notifier } from './notifier';
import type { HullState } from './state';
import type { HullAccount, HullSegment, HullUser } from './types';

export interface PublishOptions {
  isExport?: boolean;
  /** Skip entities with nothing new since their last notification (autoNotify). */
  onlyChanged?: boolean;
}

export interface Publication {
  notified: string[];
  skipped: string[];
  delivery: Promise<DeliverySummary>;
}

const NOTHING_DELIVERED: DeliverySummary = { delivered: 0, dropped: 0 };

interface UpdateDeps {
  state: HullState;
  connector: ConnectorState;
  tracker: ChangeTracker;
  notifier: Notifier;
  subscribed(channel: string): boolean;
}

/** What differs between publishing users and accounts. */
interface Channel<T extends HullUser | HullAccount, C> {
  name: 'user:update' | 'account:update';
  changes(entity: T): TrackedChanges<C>;
  /** Changes of an export: none, the message carries current state. */
  none: C;
  isEmpty(changes: C): boolean;
  leftSegments(changes: C): string[];
  message(entity: T, changes: C): unknown;
}

const NO_SEGMENT_CHANGES = { entered: [], left: [] };

const NO_USER_CHANGES: UserChanges = {
  isNew: false,
  user: {},
  account: {},
  segments: NO_SEGMENT_CHANGES,
  accountSegments: NO_SEGMENT_CHANGES,
  events: [],
};

const NO_ACCOUNT_CHANGES: AccountChanges = { isNew: false, account: {}, accountSegments: NO_SEGMENT_CHANGES };

export class UpdatePublisher {
  constructor(private readonly deps: UpdateDeps) {}

  users(users: HullUser[], options: PublishOptions = {}): Publication {
    const { state, tracker } = this.deps;
    return this.publish(users, options, {
      name: 'user:update',
      changes: (user) => tracker.userChanges(user),
      none: NO_USER_CHANGES,
      isEmpty: isEmptyUserChange,
      leftSegments: (changes) => changes.segments.left,
      message: (user, changes) => userUpdateMessage(state.store, state.segments, user, changes),
    });
  }

  accounts(accounts: HullAccount[], options: PublishOptions = {}): Publication {
    const { state, tracker } = this.deps;
    return this.publish(accounts, options, {
      name: 'account:update',
      changes: (account) => tracker.accountChanges(account),
      none: NO_ACCOUNT_CHANGES,
      isEmpty: isEmptyAccountChange,
      leftSegments: (changes) => changes.accountSegments.left,
      message: (account, changes) => accountUpdateMessage(state.segments, account, changes),
    });
  }

  /** ship:update after the connector's settings changed; messages are connector objects. */
  ship(): void {
    if (this.deps.subscribed('ship:update')) {
      void this.deps.notifier.enqueue('ship:update', [this.deps.connector.document()], false);
    }
  }

  /** users_segment:update / accounts_segment:update; messages are segment objects. */
  segment(segment: HullSegment): void {
    const channel = `${segment.type}:update`;
    if (this.deps.subscribed(channel)) void this.deps.notifier.enqueue(channel, [segment], false);
  }

  private publish<T extends HullUser | HullAccount, C>(
    entities: T[],
    options: PublishOptions,
    channel: Channel<T, C>,
  ): Publication {
    const isExport = options.isExport === true;
    if (!this.deps.subscribed(channel.name)) {
      return {
        notified: [],
        skipped: entities.map((entity) => entity.id),
        delivery: Promise.resolve(NOTHING_DELIVERED),
      };
    }
    const whitelist = this.deps.connector.segmentWhitelist(channel.name) ?? new Set<string>();
    const messages: unknown[] = [];
    const notified: string[] = [];
    const skipped: string[] = [];
    for (const entity of entities) {
      const tracked = isExport ? undefined : channel.changes(entity);
      const changes = tracked?.changes ?? channel.none;
      const unchanged = options.onlyChanged === true && channel.isEmpty(changes);
      if (!unchanged) tracked?.markNotified();
      const inScope =
        isExport || [...entity.segment_ids, ...channel.leftSegments(changes)].some((id) => whitelist.has(id));
      if (unchanged || !inScope) {
        skipped.push(entity.id);
        continue;
      }
      messages.push(channel.message(entity, changes));
      notified.push(entity.id);
    }
    return { notified, skipped, delivery: this.deps.notifier.enqueue(channel.name, messages, isExport) };
  }
}
