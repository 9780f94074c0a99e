/**
 * Reading Hull values out of a notification and turning Hull times into Intercom's Unix seconds.
 */
import type { UserUpdateMessage } from '../../hull/notifications';
import { attributeGroup, type ContactRole } from '../incoming/identity';

/**
 * Reads one attribute by its Hull name. Notifications carry attributes flat, with `/` separating the
 * group (`intercom_user/id`); the nested read-side view
 * (`{ intercom_user: { id } }`) is accepted as a fallback so a profile shaped by Hull's `group()`
 * helper reads the same.
 */
export function readAttribute(source: Record<string, unknown> | null | undefined, name: string): unknown {
  if (!source) return undefined;
  if (name in source) return source[name];
  const slash = name.indexOf('/');
  if (slash <= 0) return undefined;
  const group = source[name.slice(0, slash)];
  if (group === null || typeof group !== 'object' || Array.isArray(group)) return undefined;
  return (group as Record<string, unknown>)[name.slice(slash + 1)];
}

/** A non-empty string value, or undefined: ids and claims are only usable when they say something. */
export function readString(source: Record<string, unknown> | null | undefined, name: string): string | undefined {
  const value = readAttribute(source, name);
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** The Intercom contact id stored on the profile by the incoming sync (`intercom_<role>/id`). */
export const storedContactId = (message: UserUpdateMessage, role: ContactRole): string | undefined =>
  readString(message.user, `${attributeGroup(role)}/id`);

/** Unix seconds at or above this are taken to be milliseconds (1e11 s is in the year 5138). */
const MILLISECONDS_THRESHOLD = 1e11;

/** Hull's platform writes event times as `"2018-03-30 14:38:02 UTC"` (or ISO-8601) in notifications. */
const HULL_UTC_TEXT = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) ?UTC$/;

/**
 * Unix seconds from a Hull time: ISO-8601 text, Hull's `"YYYY-MM-DD hh:mm:ss UTC"` text, or a number
 * (or numeric text) in seconds or milliseconds — Hull accepts all of these for dates (attributes named
 * `*_at` or `*_date`). Fractions of a second are dropped: Intercom dates are integers.
 * Undefined when the value is not a time.
 */
export function toUnixSeconds(value: unknown): number | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return undefined;
    return Math.floor(value >= MILLISECONDS_THRESHOLD ? value / 1000 : value);
  }
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return toUnixSeconds(Number(text));
  const utc = HULL_UTC_TEXT.exec(text);
  let iso = utc ? `${utc[1]}T${utc[2]}Z` : text;
  // Date.parse also accepts loose forms like "March 7"; insist on a four-digit year first.
  if (!/^\d{4}-\d{2}-\d{2}/.test(iso)) return undefined;
  // A time without an offset would be read in the server's time zone; Hull means UTC.
  if (/[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(iso)) iso = `${iso.replace(' ', 'T')}Z`;
  const milliseconds = Date.parse(iso);
  return Number.isNaN(milliseconds) ? undefined : Math.floor(milliseconds / 1000);
}

/** Shortens a value for an operator-facing note. */
export function describeValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
