/**
 * Notification payloads: the envelope and the message shapes of each channel, in the flat
 * read-side naming (views.ts). Empty `changes` sections are `{}` and segment changes only carry the
 * non-empty `entered` / `left` keys, as real payloads do, so consumers must cope.
 */
import type { AccountChanges, SegmentIdChanges, UserChanges } from './changes';
import type { ConnectorState } from './connector';
import { eventNotificationView } from './events';
import { randomHexId } from './ids';
import type { SegmentRegistry } from './segments';
import type { HullStore } from './store';
import type { HullAccount, HullUser } from './types';
import { accountAttributes, userAttributes } from './views';

/** Platform-wide update counter, only there to give `update_id` its real-life shape. */
let updateSequence = 0;

export interface EnvelopeInput {
  notificationId: string;
  organization: string;
  connector: ConnectorState;
  segments: SegmentRegistry;
  channel: string;
  messages: unknown[];
  isExport: boolean;
  retries: number;
}

export function buildEnvelope(input: EnvelopeInput): Record<string, unknown> {
  const { connector, segments } = input;
  return {
    notification_id: input.notificationId,
    configuration: { id: connector.id, organization: input.organization, secret: connector.secret },
    channel: input.channel,
    connector: connector.document(),
    segments: segments.list('users_segment'),
    accounts_segments: segments.list('accounts_segment'),
    messages: input.messages,
    is_export: input.isExport,
    kraken: { retries: input.retries },
  };
}

function segmentChanges(segments: SegmentRegistry, changes: SegmentIdChanges): Record<string, unknown> {
  const section: Record<string, unknown> = {};
  if (changes.entered.length > 0) section.entered = segments.byIds(changes.entered);
  if (changes.left.length > 0) section.left = segments.byIds(changes.left);
  return section;
}

export function userUpdateMessage(
  store: HullStore,
  segments: SegmentRegistry,
  user: HullUser,
  changes: UserChanges,
): Record<string, unknown> {
  const account = store.accountOf(user);
  const accountSegmentIds = account?.segment_ids ?? [];
  updateSequence += 1;
  return {
    message_id: randomHexId(),
    update_id: `${user.id}:${updateSequence}:0:0`,
    user: { ...userAttributes(user), segment_ids: [...user.segment_ids] },
    segments: segments.byIds(user.segment_ids),
    segment_ids: [...user.segment_ids],
    account: account === undefined ? {} : accountAttributes(account),
    account_segments: segments.byIds(accountSegmentIds),
    account_segment_ids: [...accountSegmentIds],
    events: changes.events.map(eventNotificationView),
    changes: {
      is_new: changes.isNew,
      user: changes.user,
      account: changes.account,
      segments: segmentChanges(segments, changes.segments),
      account_segments: segmentChanges(segments, changes.accountSegments),
    },
  };
}

export function accountUpdateMessage(
  segments: SegmentRegistry,
  account: HullAccount,
  changes: AccountChanges,
): Record<string, unknown> {
  return {
    message_id: randomHexId(),
    account: accountAttributes(account),
    account_segments: segments.byIds(account.segment_ids),
    account_segment_ids: [...account.segment_ids],
    changes: {
      is_new: changes.isNew,
      account: changes.account,
      account_segments: segmentChanges(segments, changes.accountSegments),
    },
  };
}
