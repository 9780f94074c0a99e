/**
 * Calendar-day boundaries in an IANA timezone, without a date library. Intercom's contact search truncates
 * date filter values to the start of their day *in the workspace timezone* (2.16 docs, "Searching for
 * Timestamp Fields"), so the simulator needs "midnight before t" and "next midnight after t" for any zone,
 * including DST transitions.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function localParts(epochMs: number, timeZone: string): LocalParts {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(epochMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** Offset of the zone from UTC at an instant, in ms (positive east of Greenwich). */
function offsetMs(epochMs: number, timeZone: string): number {
  const p = localParts(epochMs, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

/** The instant of local midnight on the given calendar date (day may overflow; Date.UTC normalizes it). */
function localMidnight(year: number, month: number, day: number, timeZone: string): number {
  const guess = Date.UTC(year, month - 1, day);
  let instant = guess - offsetMs(guess, timeZone);
  // A second pass settles dates whose offset differs from the guess's (the day a DST change happens).
  instant = guess - offsetMs(instant, timeZone);
  return instant;
}

/** Unix seconds of the start of the local day containing `unixSeconds`. */
export function startOfDay(unixSeconds: number, timeZone: string): number {
  const p = localParts(unixSeconds * 1000, timeZone);
  return Math.floor(localMidnight(p.year, p.month, p.day, timeZone) / 1000);
}

/** Unix seconds of the start of the local day after the one containing `unixSeconds`. */
export function startOfNextDay(unixSeconds: number, timeZone: string): number {
  const p = localParts(unixSeconds * 1000, timeZone);
  return Math.floor(localMidnight(p.year, p.month, p.day + 1, timeZone) / 1000);
}
