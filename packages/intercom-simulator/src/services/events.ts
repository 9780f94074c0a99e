/**
 * Data events (POST /events, GET /events). The contact is found by `id` (any role — the only way for
 * leads), `user_id` (a user's external id) or `email` (users). Only the first 10 metadata keys are kept
 * (extra keys silently dropped, in the order sent); identical (contact, event_name, created_at) tuples
 * are ignored; only events younger than 90 days can be listed; at most 120 distinct event names.
 */
import type { SimulatorContext } from '../context';
import { contactNotFound, parameterInvalid, parameterNotFound } from '../errors';
import type { ContactRecord, EventRecord } from '../records';
import { eventItem } from '../webhook-payloads';

export const MAX_METADATA_KEYS = 10;
export const MAX_EVENT_NAMES = 120;
export const LISTABLE_EVENT_AGE_SECONDS = 90 * 86_400;

export interface EventInput {
  event_name?: unknown;
  created_at?: unknown;
  id?: unknown;
  user_id?: unknown;
  email?: unknown;
  metadata?: unknown;
}

/** Metadata values are flat, except Intercom's rich link `{url, value}` and money `{amount, currency}`. */
function checkMetadataValue(key: string, value: unknown): void {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return;
  if (typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value).sort().join(',');
    if (keys === 'url,value' || keys === 'amount,currency') return;
  }
  throw parameterInvalid(`Metadata '${key}' must be a flat value, a rich link or a monetary amount`, `metadata.${key}`);
}

function contactFor(ctx: SimulatorContext, input: { id?: unknown; user_id?: unknown; email?: unknown }): ContactRecord {
  if (typeof input.id === 'string') {
    const contact = ctx.store.contacts.get(input.id);
    if (contact) return contact;
  } else if (typeof input.user_id === 'string') {
    const [user] = ctx.store.contactsByExternalId('user', input.user_id);
    if (user) return user;
  } else if (typeof input.email === 'string') {
    const [user] = ctx.store.contactsByEmail('user', input.email);
    if (user) return user;
  } else {
    throw parameterNotFound('An event needs one of id, user_id or email');
  }
  throw contactNotFound();
}

/** Returns true when the event was stored, false when it was a duplicate (still a 202 for the client). */
export function submitEvent(ctx: SimulatorContext, input: EventInput): boolean {
  if (typeof input.event_name !== 'string' || input.event_name.trim() === '') {
    throw parameterNotFound('event_name is required', 'event_name');
  }
  if (typeof input.created_at !== 'number' || !Number.isInteger(input.created_at)) {
    throw parameterInvalid('created_at must be a Unix timestamp in seconds', 'created_at');
  }
  const contact = contactFor(ctx, input);
  const metadata: Record<string, unknown> = {};
  if (input.metadata !== undefined && input.metadata !== null) {
    if (typeof input.metadata !== 'object' || Array.isArray(input.metadata)) {
      throw parameterInvalid('metadata must be an object', 'metadata');
    }
    for (const [key, value] of Object.entries(input.metadata).slice(0, MAX_METADATA_KEYS)) {
      checkMetadataValue(key, value);
      metadata[key] = value;
    }
  }
  if (!ctx.store.eventNames.has(input.event_name) && ctx.store.eventNames.size >= MAX_EVENT_NAMES) {
    throw parameterInvalid(`A workspace can have at most ${MAX_EVENT_NAMES} active event names`, 'event_name');
  }
  const event = { contact_id: contact.id, event_name: input.event_name, created_at: input.created_at, metadata };
  const stored = ctx.store.addEvent(event);
  if (stored) ctx.notifier.notify('event.created', () => eventItem(contact, event));
  return stored;
}

export interface EventListQuery {
  intercom_user_id?: unknown;
  user_id?: unknown;
  email?: unknown;
}

/**
 * The contact, its listable events (newest first) and all of its events: only events younger than 90 days
 * can be listed, but summaries still count the older ones.
 */
export function contactEvents(
  ctx: SimulatorContext,
  query: EventListQuery,
): { contact: ContactRecord; listable: EventRecord[]; all: EventRecord[] } {
  const contact = contactFor(ctx, { id: query.intercom_user_id, user_id: query.user_id, email: query.email });
  const oldest = ctx.nowSeconds() - LISTABLE_EVENT_AGE_SECONDS;
  const all = [...(ctx.store.events.get(contact.id) ?? [])].sort(
    (a, b) => b.created_at - a.created_at || b.seq - a.seq,
  );
  return { contact, listable: all.filter((event) => event.created_at >= oldest), all };
}
