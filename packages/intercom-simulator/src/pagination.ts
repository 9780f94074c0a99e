/**
 * Intercom's two pagination styles.
 *
 * Cursor style (GET /contacts, POST /contacts/search, company contacts): the cursor encodes the *position*
 * — the last item's sort key and id plus the page number, like Intercom's own base64 cursors
 * (`[1747365555000, "6311a14d…", 2]`) — never an offset, so records inserted or deleted between two
 * requests cannot shift the window and make unchanged records appear twice or be skipped.
 *
 * Page style (GET /companies, POST /companies/list, contact companies): `page`/`per_page` numbers.
 */
import { parameterInvalid } from './errors';

export type SortValue = string | number | boolean | null;

export interface SortEntry {
  key: SortValue;
  id: string;
}

export interface CursorPosition extends SortEntry {
  page: number;
}

function compareValues(a: Exclude<SortValue, null>, b: Exclude<SortValue, null>): number {
  if (typeof a !== typeof b) return typeof a < typeof b ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Total order used by every cursor list: by key (nulls always last), then by id, in the requested direction. */
export function compareEntries(a: SortEntry, b: SortEntry, descending: boolean): number {
  const aNull = a.key === null;
  const bNull = b.key === null;
  if (aNull !== bNull) return aNull ? 1 : -1;
  let order = aNull || bNull ? 0 : compareValues(a.key as Exclude<SortValue, null>, b.key as Exclude<SortValue, null>);
  if (order === 0) order = a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  return descending ? -order : order;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.key, position.id, position.page])).toString('base64');
}

export function decodeCursor(cursor: string): CursorPosition {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8'));
    if (Array.isArray(decoded) && decoded.length === 3) {
      const [key, id, page] = decoded as unknown[];
      const keyOk = key === null || ['string', 'number', 'boolean'].includes(typeof key);
      if (keyOk && typeof id === 'string' && typeof page === 'number') {
        return { key: key as SortValue, id, page };
      }
    }
  } catch {
    // fall through to the Intercom-shaped error below
  }
  throw parameterInvalid('starting_after is not a valid cursor', 'starting_after');
}

/** Clamp a requested page size into [1, max]; Intercom caps cursor pages at 150. */
export function clampPerPage(requested: unknown, fallback: number, max: number): number {
  const value = typeof requested === 'string' ? Number(requested) : requested;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 1) return fallback;
  return Math.min(Math.floor(value), max);
}

export interface CursorPage<T> {
  items: T[];
  page: number;
  perPage: number;
  totalCount: number;
  totalPages: number;
  next: string | undefined;
}

/**
 * One page of `items` (already sorted with {@link compareEntries}) after the cursor position.
 * Binary search finds the first entry strictly after the cursor, whether or not the cursor's own record
 * still exists.
 */
export function pageAfterCursor<T>(
  items: T[],
  entryOf: (item: T) => SortEntry,
  descending: boolean,
  perPage: number,
  startingAfter: string | undefined,
): CursorPage<T> {
  let start = 0;
  let page = 1;
  if (startingAfter !== undefined && startingAfter !== '') {
    const cursor = decodeCursor(startingAfter);
    page = cursor.page + 1;
    let low = 0;
    let high = items.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const item = items[mid] as T;
      if (compareEntries(entryOf(item), cursor, descending) <= 0) low = mid + 1;
      else high = mid;
    }
    start = low;
  }
  const slice = items.slice(start, start + perPage);
  const last = slice[slice.length - 1];
  const hasMore = start + perPage < items.length;
  return {
    items: slice,
    page,
    perPage,
    totalCount: items.length,
    totalPages: Math.ceil(items.length / perPage),
    next: hasMore && last !== undefined ? encodeCursor({ ...entryOf(last), page }) : undefined,
  };
}

/** The `pages` object of a cursor list (spec `cursor_pages`); `next` is absent on the last page. */
export function cursorPagesJson(result: CursorPage<unknown>): Record<string, unknown> {
  const pages: Record<string, unknown> = {
    type: 'pages',
    page: result.page,
    per_page: result.perPage,
    total_pages: result.totalPages,
  };
  if (result.next !== undefined) pages.next = { page: result.page + 1, starting_after: result.next };
  return pages;
}

export interface NumberedPage<T> {
  items: T[];
  page: number;
  perPage: number;
  totalPages: number;
}

export function numberedPage<T>(items: T[], requestedPage: unknown, perPage: number): NumberedPage<T> {
  const parsed = typeof requestedPage === 'string' ? Number(requestedPage) : requestedPage;
  const page = typeof parsed === 'number' && Number.isFinite(parsed) && parsed >= 1 ? Math.floor(parsed) : 1;
  return {
    items: items.slice((page - 1) * perPage, page * perPage),
    page,
    perPage,
    totalPages: Math.ceil(items.length / perPage),
  };
}
