/**
 * Intercom's contact search compares dates by whole calendar day in the workspace's timezone: a
 * filter `updated_at > v` matches from the start of the day *after* v's day (as Intercom documents
 * for every 2.x version; sorting and returned values keep full seconds). To get everything changed since a watermark W, the
 * query must name an instant in the day *before* W's day; the exact filter (`>= W`) is applied on
 * the client. New contacts also take minutes to become searchable, so the next watermark trails the
 * run's start by a safety margin.
 */

const DAY_SECONDS = 86_400;

/** Minutes a newly created or updated contact may take to appear in search results. */
export const SEARCH_INDEX_MARGIN_SECONDS = 15 * 60;

/** Unix seconds of local midnight starting the calendar day that contains `unixSeconds` in `timeZone`. */
export function startOfLocalDay(unixSeconds: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(unixSeconds * 1000));
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const secondsIntoDay = get('hour') * 3600 + get('minute') * 60 + get('second');
  // Close to midnight already; a DST jump inside the elapsed part is corrected below.
  let candidate = unixSeconds - secondsIntoDay;
  const localDate = (t: number) =>
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
      new Date(t * 1000),
    );
  const day = localDate(unixSeconds);
  while (localDate(candidate - 1) === day) candidate -= 3600;
  while (localDate(candidate) !== day) candidate += 3600;
  return candidate;
}

/**
 * The value for `updated_at > value` that makes Intercom return everything changed since `watermark`:
 * one second before local midnight of the watermark's day. Without a known timezone, two days back
 * covers every offset and DST change.
 */
export function searchFloorFor(watermark: number, timeZone: string | undefined): number {
  if (timeZone === undefined) return watermark - 2 * DAY_SECONDS;
  try {
    return startOfLocalDay(watermark, timeZone) - 1;
  } catch {
    return watermark - 2 * DAY_SECONDS;
  }
}

/** The watermark to store after a successful run that started at `runStartedAt` (never moves backwards). */
export function nextWatermark(previous: number, runStartedAt: number): number {
  return Math.max(previous, runStartedAt - SEARCH_INDEX_MARGIN_SECONDS);
}
