/**
 * Coalesces queued Hull updates of one entity: the newest state wins, while what happened in between
 * (attribute changes, segments entered and left, events) is kept, so ten updates in a burst become one
 * write of the latest state that still untags a segment left along the way and sends every event.
 * Pure (no I/O, no Node APIs): the per-entity workflows run it.
 */
import type { AccountUpdateMessage, HullSegmentRef, UserUpdateMessage } from '../../hull/notifications';
import { intercomEventKey } from './events';

/** attribute → [old, new]: the merged pair runs from the older update's old value to the newer's new one. */
function mergeAttributeChanges<T extends Record<string, unknown>>(older: T, newer: T): T {
  const merged: Record<string, unknown> = { ...older };
  for (const [key, change] of Object.entries(newer)) {
    const earlier = older[key];
    merged[key] = Array.isArray(earlier) && Array.isArray(change) ? [earlier[0], change[1]] : change;
  }
  return merged as T;
}

function mergeSegmentChanges(
  older: { entered: HullSegmentRef[]; left: HullSegmentRef[] },
  newer: { entered: HullSegmentRef[]; left: HullSegmentRef[] },
  current: HullSegmentRef[],
) {
  const isMember = (segment: HullSegmentRef) => current.some((c) => c.id === segment.id);
  const unique = (segments: HullSegmentRef[]) =>
    segments.filter((s, i) => segments.findIndex((t) => t.id === s.id) === i);
  return {
    entered: unique([...older.entered, ...newer.entered]).filter(isMember),
    left: unique([...older.left, ...newer.left]).filter((segment) => !isMember(segment)),
  };
}

export function coalesceUserUpdates(older: UserUpdateMessage, newer: UserUpdateMessage): UserUpdateMessage {
  const seen = new Set<string>();
  const events = [...older.events, ...newer.events].filter((event) => {
    // The same key the send step dedupes on: without an event_id, two events of one name in one
    // second are still two events when their properties differ.
    const key = intercomEventKey(event);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return {
    ...newer,
    events,
    changes: {
      ...newer.changes,
      is_new: (older.changes.is_new ?? false) || (newer.changes.is_new ?? false),
      user: mergeAttributeChanges(older.changes.user, newer.changes.user),
      account: mergeAttributeChanges(older.changes.account, newer.changes.account),
      segments: mergeSegmentChanges(older.changes.segments, newer.changes.segments, newer.segments),
      account_segments: mergeSegmentChanges(
        older.changes.account_segments,
        newer.changes.account_segments,
        newer.account_segments,
      ),
    },
  };
}

export function coalesceAccountUpdates(older: AccountUpdateMessage, newer: AccountUpdateMessage): AccountUpdateMessage {
  return {
    ...newer,
    changes: {
      ...newer.changes,
      is_new: (older.changes.is_new ?? false) || (newer.changes.is_new ?? false),
      account: mergeAttributeChanges(older.changes.account, newer.changes.account),
      account_segments: mergeSegmentChanges(
        older.changes.account_segments,
        newer.changes.account_segments,
        newer.account_segments,
      ),
    },
  };
}
