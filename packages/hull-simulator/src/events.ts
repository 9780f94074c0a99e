/**
 * Tracked events: building a stored event from a firehose `track` body, and the two read-side
 * shapes — the notification `events[]` entry and the raw hit of `search/events`.
 */
import { randomUUID } from 'node:crypto';
import { normaliseDate } from './traits';
import type { HullEvent } from './types';

/** Body keys with a meaning of their own; every other key is request context that passes through. */
const EVENT_FIELDS = new Set(['event', 'properties', 'event_id', 'created_at', 'source', 'type', 'active']);

function optionalString(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Why a track body cannot become an event, if it cannot (checked before any lookup). */
export function trackBodyProblem(body: Record<string, unknown>): string | undefined {
  if (typeof body.event !== 'string' || body.event.trim() === '') {
    return 'track body needs a non-empty "event" name';
  }
  const properties = body.properties ?? {};
  if (properties === null || typeof properties !== 'object' || Array.isArray(properties)) {
    return 'track "properties" must be an object';
  }
  return undefined;
}

/** The stored event for a track body that passed `trackBodyProblem`. */
export function eventFromTrackBody(
  body: Record<string, unknown>,
  userId: string,
  appId: string | null,
  at: string,
): HullEvent {
  const createdAt = normaliseDate(body.created_at);
  const context: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) if (!EVENT_FIELDS.has(key)) context[key] = value;
  return {
    // The reference client always fills an id; a server-side id keeps untagged events distinct.
    event_id: optionalString(body.event_id) ?? randomUUID(),
    user_id: userId,
    event: String(body.event),
    properties: { ...(body.properties as Record<string, unknown> | undefined) },
    created_at: typeof createdAt === 'string' && !Number.isNaN(Date.parse(createdAt)) ? createdAt : at,
    source: optionalString(body.source),
    type: optionalString(body.type),
    context,
    app_id: appId,
  };
}

function urlParts(value: unknown): { url: string; host: string; path: string } | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  try {
    const parsed = new URL(value);
    return { url: value, host: parsed.host, path: parsed.pathname };
  } catch {
    return { url: value, host: '', path: '' };
  }
}

/** An `events[]` entry of a user:update message. */
export function eventNotificationView(event: HullEvent): Record<string, unknown> {
  const { ip = null, useragent = null, url, referer, ...extra } = event.context;
  const page = urlParts(url);
  const referrer = urlParts(referer);
  return {
    event_id: event.event_id,
    event: event.event,
    created_at: event.created_at,
    properties: event.properties,
    event_source: event.source,
    event_type: event.type,
    context: { ...extra, ip, useragent, ...(page && { page }), ...(referrer && { referrer }) },
    user_id: event.user_id,
    anonymous_id: null,
    session_id: null,
    app_id: event.app_id,
    app_name: null,
    ship_id: event.app_id,
  };
}

function searchProp(fieldName: string, value: unknown): Record<string, unknown> {
  if (typeof value === 'number') return { field_name: fieldName, num_value: value };
  if (typeof value === 'boolean') return { field_name: fieldName, bool_value: value };
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) {
    return { field_name: fieldName, date_value: value };
  }
  return { field_name: fieldName, text_value: typeof value === 'string' ? value : JSON.stringify(value) };
}

/** A raw `search/events` hit: properties flattened into typed `props`. */
export function eventSearchHit(event: HullEvent): Record<string, unknown> {
  return {
    _id: event.event_id,
    event: event.event,
    created_at: event.created_at,
    source: event.source,
    type: event.type,
    session_id: null,
    props: Object.entries(event.properties).map(([name, value]) => searchProp(name, value)),
    context: event.context,
  };
}
