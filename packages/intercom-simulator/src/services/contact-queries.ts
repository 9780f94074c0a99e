/**
 * GET /contacts and POST /contacts/search. Both page with position cursors (see pagination.ts) and leave
 * out merged and archived contacts; search additionally hides contacts created less than
 * `searchIndexLagMs` ago, because Intercom's search index trails writes by minutes.
 */
import type { SimulatorContext } from '../context';
import type { ContactRecord } from '../records';
import { compileContactQuery, resolveContactSort, type ContactPredicate } from '../search';
import { compareEntries, pageAfterCursor, type CursorPage, type SortEntry, type SortValue } from '../pagination';
import { queryEnvironment } from './segments';
import { parameterNotFound } from '../errors';

export const MAX_PER_PAGE = 150;

interface Keyed {
  entry: SortEntry;
  contact: ContactRecord;
}

function toSortValue(value: unknown): SortValue {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'string') return value.toLowerCase();
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

/** Sorts contacts by a key (ties by id) and cuts the page after the cursor. */
export function sortedPage(
  contacts: ContactRecord[],
  keyOf: (contact: ContactRecord) => unknown,
  descending: boolean,
  perPage: number,
  startingAfter: string | undefined,
): CursorPage<ContactRecord> {
  const keyed: Keyed[] = contacts.map((contact) => ({
    entry: { key: toSortValue(keyOf(contact)), id: contact.id },
    contact,
  }));
  keyed.sort((a, b) => compareEntries(a.entry, b.entry, descending));
  const page = pageAfterCursor(keyed, (item) => item.entry, descending, perPage, startingAfter);
  return { ...page, items: page.items.map((item) => item.contact) };
}

function listableContacts(
  ctx: SimulatorContext,
  extra?: ContactPredicate,
  from: Iterable<ContactRecord> = ctx.store.contacts.values(),
): ContactRecord[] {
  const result: ContactRecord[] = [];
  for (const contact of from) {
    if (!contact.archived && (extra === undefined || extra(contact))) result.push(contact);
  }
  return result;
}

/** GET /contacts: newest first (the order is undocumented; do not rely on it for incremental sync). */
export function listContacts(
  ctx: SimulatorContext,
  perPage: number,
  startingAfter: string | undefined,
): CursorPage<ContactRecord> {
  return sortedPage(listableContacts(ctx), (c) => c.created_at, true, perPage, startingAfter);
}

export interface SearchBody {
  query?: unknown;
  sort?: unknown;
  pagination?: { per_page?: unknown; starting_after?: unknown } | null;
}

/**
 * The email a query requires (`email = x`, alone or in an AND), if any. Only narrows the contacts
 * to test through the email index: the full predicate still decides, so results are the same.
 */
function requiredEmail(query: unknown): string | undefined {
  if (typeof query !== 'object' || query === null) return undefined;
  const { field, operator, value } = query as Record<string, unknown>;
  if (field === 'email' && operator === '=' && typeof value === 'string' && value !== '') return value;
  if (operator !== 'AND' || !Array.isArray(value)) return undefined;
  for (const child of value) {
    const email = requiredEmail(child);
    if (email !== undefined) return email;
  }
  return undefined;
}

/** Contacts a query can match: the email index's when it pins an email (the engine's lookups), else all. */
function candidates(ctx: SimulatorContext, query: unknown): Iterable<ContactRecord> {
  const email = requiredEmail(query);
  if (email === undefined) return ctx.store.contacts.values();
  return [...ctx.store.contactsByEmail('user', email), ...ctx.store.contactsByEmail('lead', email)];
}

export function searchContacts(
  ctx: SimulatorContext,
  body: SearchBody,
  perPage: number,
  startingAfter: string | undefined,
): CursorPage<ContactRecord> {
  if (body.query === undefined || body.query === null) throw parameterNotFound('query is required', 'query');
  const predicate = compileContactQuery(body.query, queryEnvironment(ctx));
  const sort = resolveContactSort(body.sort, ctx.store);
  const now = ctx.nowMs();
  const indexed: ContactPredicate = (contact) => (ctx.store.searchVisibleFrom.get(contact.id) ?? 0) <= now;
  const matches = listableContacts(
    ctx,
    (contact) => indexed(contact) && predicate(contact),
    candidates(ctx, body.query),
  );
  return sortedPage(matches, (c) => sort.field.get(c), sort.descending, perPage, startingAfter);
}
