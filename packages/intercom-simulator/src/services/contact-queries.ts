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
 * The values a query pins one identity field to (`field = x` or `field IN [...]`, alone or in an AND),
 * if any. Only narrows the contacts to test through the store's indexes: the full predicate still
 * decides, so results are the same as a scan.
 */
function pinnedValues(query: unknown, field: 'email' | 'external_id' | 'id'): string[] | undefined {
  if (typeof query !== 'object' || query === null) return undefined;
  const node = query as Record<string, unknown>;
  if (node.field === field && node.operator === '=' && typeof node.value === 'string' && node.value !== '') {
    return [node.value];
  }
  if (node.field === field && node.operator === 'IN' && Array.isArray(node.value)) {
    return node.value.filter((value): value is string => typeof value === 'string');
  }
  if (node.operator !== 'AND' || !Array.isArray(node.value)) return undefined;
  for (const child of node.value) {
    const values = pinnedValues(child, field);
    if (values !== undefined) return values;
  }
  return undefined;
}

const unique = (values: string[]): string[] => [...new Set(values)];

/** Contacts a query can match: an index's when it pins email, external_id or id (the engine's lookups), else all. */
function candidates(ctx: SimulatorContext, query: unknown): Iterable<ContactRecord> {
  const { store } = ctx;
  const emails = pinnedValues(query, 'email');
  if (emails !== undefined) {
    return unique(emails).flatMap((email) => [
      ...store.contactsByEmail('user', email),
      ...store.contactsByEmail('lead', email),
    ]);
  }
  const externalIds = pinnedValues(query, 'external_id');
  if (externalIds !== undefined) {
    return unique(externalIds).flatMap((id) => [
      ...store.contactsByExternalId('user', id),
      ...store.contactsByExternalId('lead', id),
    ]);
  }
  const ids = pinnedValues(query, 'id');
  if (ids !== undefined) return unique(ids).flatMap((id) => store.contacts.get(id) ?? []);
  return store.contacts.values();
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
