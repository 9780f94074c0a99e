/**
 * Hull events sent to Intercom as data events (POST /events: `event_name`, `created_at` in Unix
 * seconds, the contact's `id`, flat `metadata`).
 *
 * Differences from Hull's connector, each a known bug of it:
 * - `created_at` is the event's own time in Unix seconds; Hull's connector passed
 *   `properties.created` through, usually absent or a string, which Intercom rejects or misdates;
 * - metadata is flat and capped at Intercom's 10 keys, and every key left out is reported instead of
 *   being dropped silently by Intercom "in the order sent";
 * - events repeated in a notification are sent once.
 */
import type { ConnectorSettings } from '../../config/connector-settings';
import type { HullNotificationEvent, UserUpdateMessage } from '../../hull/notifications';
import { canonicalJson, sha256Hex } from './hash';
import { toUnixSeconds } from './hull-values';

/** Pseudo event name in `outgoing_events` that whitelists every event. */
export const ALL_EVENTS = 'all_events';

/** Intercom keeps at most 10 metadata keys per event. */
export const METADATA_KEY_LIMIT = 10;

/** Events with this source came from Intercom through the incoming sync; sending them back would loop. */
const INTERCOM_SOURCE = 'intercom';

/** Metadata shapes Intercom renders specially: a rich link and a monetary amount (in cents). */
export type RichLink = { url: string; value: string };
export type MonetaryAmount = { amount: number; currency: string };
export type MetadataValue = string | number | boolean | RichLink | MonetaryAmount;

export interface IntercomEventBody {
  event_name: string;
  created_at: number;
  /** The Intercom contact id: the one identifier that works for leads as well as users. */
  id: string;
  metadata?: Record<string, MetadataValue>;
}

export interface IntercomEvent {
  body: IntercomEventBody;
  /** Property keys (flattened) not sent: null/empty values, name collisions, and keys over the cap. */
  dropped: string[];
}

/** The event cannot be sent because it has no usable time; Intercom requires `created_at`. */
export class EventTimeError extends Error {
  constructor(readonly event: HullNotificationEvent) {
    super(
      `event "${event.event}" (${event.event_id ?? 'no event_id'}) has no usable created_at: ${String(event.created_at)}`,
    );
    this.name = 'EventTimeError';
  }
}

/**
 * A stable de-duplication key: Hull's `event_id` when present (Hull itself de-duplicates on it), else a
 * hash of name, time and properties, so a redelivered notification yields the same key.
 */
export function intercomEventKey(event: HullNotificationEvent): string {
  if (typeof event.event_id === 'string' && event.event_id.trim() !== '') return event.event_id.trim();
  const createdAt = toUnixSeconds(event.created_at) ?? event.created_at ?? null;
  return `sha256:${sha256Hex(canonicalJson({ event: event.event, created_at: createdAt, properties: event.properties ?? {} })).slice(0, 32)}`;
}

/**
 * The events of a notification to send: `send_events` on, name in `outgoing_events` (or the whitelist
 * holds `all_events`), not sourced from Intercom, each once.
 */
export function eventsToSend(message: UserUpdateMessage, settings: ConnectorSettings): HullNotificationEvent[] {
  if (!settings.send_events || settings.outgoing_events.length === 0) return [];
  const whitelist = new Set(settings.outgoing_events);
  const everything = whitelist.has(ALL_EVENTS);
  const seen = new Set<string>();
  const events: HullNotificationEvent[] = [];
  for (const event of message.events) {
    if (event.event_source?.trim().toLowerCase() === INTERCOM_SOURCE) continue;
    if (!everything && !whitelist.has(event.event)) continue;
    const key = intercomEventKey(event);
    if (seen.has(key)) continue;
    seen.add(key);
    events.push(event);
  }
  return events;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

function specialShape(value: Record<string, unknown>): RichLink | MonetaryAmount | undefined {
  const keys = Object.keys(value).sort().join(',');
  if (keys === 'url,value' && typeof value.url === 'string' && typeof value.value === 'string') {
    return { url: value.url, value: value.value };
  }
  if (keys === 'amount,currency' && typeof value.amount === 'number' && typeof value.currency === 'string') {
    return { amount: value.amount, currency: value.currency };
  }
  return undefined;
}

interface FlatEntry {
  key: string;
  depth: number;
  value: MetadataValue;
}

/**
 * Intercom metadata is flat: nested objects become `parent_child` keys (rich links and amounts stay
 * objects, Intercom understands them), arrays become JSON text (`["an","array"]`, as Hull's connector
 * sent them, so Intercom filters written against its events keep matching), null/undefined/empty are
 * left out and reported.
 */
function flatten(
  properties: Record<string, unknown>,
  prefix: string,
  depth: number,
  out: FlatEntry[],
  dropped: string[],
): void {
  for (const [name, value] of Object.entries(properties)) {
    const key = prefix === '' ? name : `${prefix}_${name}`;
    if (value === null || value === undefined) {
      dropped.push(key);
    } else if (Array.isArray(value)) {
      if (value.length === 0) dropped.push(key);
      else out.push({ key, depth, value: JSON.stringify(value) });
    } else if (isPlainObject(value)) {
      const special = specialShape(value);
      if (special) out.push({ key, depth, value: special });
      else if (Object.keys(value).length === 0) dropped.push(key);
      else flatten(value, key, depth + 1, out, dropped);
    } else if (typeof value === 'number') {
      if (Number.isFinite(value)) out.push({ key, depth, value });
      else dropped.push(key);
    } else if (typeof value === 'string' || typeof value === 'boolean') {
      out.push({ key, depth, value });
    } else {
      dropped.push(key);
    }
  }
}

/**
 * The POST /events body for one Hull event on the contact `contact.id`.
 *
 * Which 10 metadata keys are kept: the event's own top-level properties before keys flattened out of
 * nested objects (shallower first), and alphabetically within a depth. The order does not depend on
 * the order Hull delivered the keys in, so a redelivery sends the same metadata. When two properties
 * flatten to the same key (`a_b` and `a.b`), the shallower — then first in that order — wins.
 *
 * @throws EventTimeError when the event has no usable time (Hull always stamps one, so this means a
 * malformed notification, not a condition to retry).
 */
export function toIntercomEvent(event: HullNotificationEvent, contact: { id: string }): IntercomEvent {
  const createdAt = toUnixSeconds(event.created_at);
  if (createdAt === undefined) throw new EventTimeError(event);

  const dropped: string[] = [];
  const entries: FlatEntry[] = [];
  flatten(event.properties ?? {}, '', 0, entries, dropped);
  entries.sort((left, right) => left.depth - right.depth || (left.key < right.key ? -1 : left.key > right.key ? 1 : 0));

  const kept = new Map<string, MetadataValue>();
  for (const entry of entries) {
    if (kept.has(entry.key) || kept.size >= METADATA_KEY_LIMIT) dropped.push(entry.key);
    else kept.set(entry.key, entry.value);
  }

  const body: IntercomEventBody = { event_name: event.event, created_at: createdAt, id: contact.id };
  // fromEntries defines own properties, so a property named __proto__ stays an ordinary key.
  if (kept.size > 0) body.metadata = Object.fromEntries(kept);
  return { body, dropped: dropped.sort() };
}
