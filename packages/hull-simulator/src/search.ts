/**
 * The Elasticsearch-style subset of `search/user_reports|account_reports|events` that
 * connectors use for lookups: `term`, `terms`, `match`, `ids`, `exists`, `match_all`,
 * `constant_score`, `has_parent` (events → user) and `bool` (`filter`/`must`/`should`/`must_not`,
 * `minimum_should_match`), over the flat hit view (`traits_` names, `.raw`/`.exact` suffixes
 * ignored, arrays such as `anonymous_ids` match on any element). Pagination is 1-based
 * `page`/`per_page` (default 10, like Elasticsearch), `per_page: 0` only counts.
 */
import { readAttribute } from './views';

export class SearchError extends Error {
  override name = 'SearchError';
}

export interface SearchContext {
  /** The parent document of a hit, for `has_parent` (an event's user report). */
  parent?: (hit: Record<string, unknown>) => Record<string, unknown> | undefined;
}

type Clause = Record<string, unknown>;

/** Fields whose index is case-insensitive (analysed / normalised in the real index). */
const CASE_INSENSITIVE_FIELDS = new Set(['email', 'domain', 'contact_email']);

function asObject(value: unknown, what: string): Clause {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new SearchError(`${what} must be an object`);
  }
  return value as Clause;
}

function asList(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function singleField(clause: unknown, what: string): [string, unknown] {
  const entries = Object.entries(asObject(clause, what));
  const [entry] = entries;
  if (entries.length !== 1 || entry === undefined) throw new SearchError(`${what} needs exactly one field`);
  return entry;
}

function equal(actual: unknown, expected: unknown, caseInsensitive: boolean): boolean {
  if (caseInsensitive && typeof actual === 'string' && typeof expected === 'string') {
    return actual.toLowerCase() === expected.toLowerCase();
  }
  return actual === expected;
}

function fieldMatches(hit: Clause, field: string, values: unknown[], caseInsensitive: boolean): boolean {
  const insensitive = caseInsensitive || CASE_INSENSITIVE_FIELDS.has(field.replace(/\.(raw|exact)$/, ''));
  const actual = readAttribute(hit, field);
  const candidates = Array.isArray(actual) ? actual : [actual];
  return candidates.some((candidate) => values.some((value) => equal(candidate, value, insensitive)));
}

function matchesBool(hit: Clause, bool: Clause, context: SearchContext): boolean {
  const all = [...asList(bool.filter), ...asList(bool.must)];
  if (!all.every((clause) => matchesQuery(hit, clause, context))) return false;
  if (asList(bool.must_not).some((clause) => matchesQuery(hit, clause, context))) return false;
  const should = asList(bool.should);
  if (should.length === 0) return true;
  const minimum = typeof bool.minimum_should_match === 'number' ? bool.minimum_should_match : all.length > 0 ? 0 : 1;
  return should.filter((clause) => matchesQuery(hit, clause, context)).length >= minimum;
}

const LEAF_CLAUSES = new Set(['match_all', 'term', 'terms', 'match', 'ids', 'exists']);

/** Throws SearchError on any clause this subset does not know, so no query is silently misread. */
export function validateQuery(query: unknown): void {
  if (query === undefined || query === null) return;
  for (const [kind, clause] of Object.entries(asObject(query, 'query'))) {
    if (LEAF_CLAUSES.has(kind)) continue;
    if (kind === 'constant_score') validateQuery(asObject(clause, kind).filter);
    else if (kind === 'has_parent') validateQuery(asObject(clause, kind).query);
    else if (kind === 'bool') {
      const bool = asObject(clause, kind);
      for (const key of ['filter', 'must', 'should', 'must_not']) asList(bool[key]).forEach(validateQuery);
    } else throw new SearchError(`unsupported query clause "${kind}"`);
  }
}

export function matchesQuery(hit: Clause, query: unknown, context: SearchContext = {}): boolean {
  if (query === undefined || query === null) return true;
  const clauses = Object.entries(asObject(query, 'query'));
  return clauses.every(([kind, clause]) => {
    switch (kind) {
      case 'match_all':
        return true;
      case 'term': {
        const [field, value] = singleField(clause, 'term');
        const expected = value !== null && typeof value === 'object' && 'value' in value ? value.value : value;
        return fieldMatches(hit, field, [expected], false);
      }
      case 'terms': {
        const [field, values] = singleField(clause, 'terms');
        return fieldMatches(hit, field, asList(values), false);
      }
      case 'match': {
        const [field, value] = singleField(clause, 'match');
        const expected = value !== null && typeof value === 'object' && 'query' in value ? value.query : value;
        return fieldMatches(hit, field, [expected], true);
      }
      case 'ids':
        return asList(asObject(clause, 'ids').values).includes(hit.id);
      case 'exists': {
        const value = readAttribute(hit, String(asObject(clause, 'exists').field));
        return value !== undefined && value !== null;
      }
      case 'constant_score':
        return matchesQuery(hit, asObject(clause, 'constant_score').filter, context);
      case 'bool':
        return matchesBool(hit, asObject(clause, 'bool'), context);
      case 'has_parent': {
        const parent = context.parent?.(hit);
        return parent !== undefined && matchesQuery(parent, asObject(clause, 'has_parent').query, context);
      }
      default:
        throw new SearchError(`unsupported query clause "${kind}"`);
    }
  });
}

export interface SearchBody {
  query?: unknown;
  page?: unknown;
  per_page?: unknown;
  sort?: unknown;
}

export interface SearchPage<T> {
  data: T[];
  pagination: { page: number; per_page: number; pages: number; total: number };
}

function positiveInteger(value: unknown, fallback: number, minimum: number): number {
  const number = typeof value === 'string' ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) && number >= minimum ? number : fallback;
}

function sortOrder(sort: unknown): { field: string; descending: boolean } | undefined {
  const first: unknown = Array.isArray(sort) ? sort[0] : sort;
  if (typeof first === 'string') return { field: first, descending: false };
  if (first === null || typeof first !== 'object') return undefined;
  const [entry] = Object.entries(first as Record<string, unknown>);
  if (entry === undefined) return undefined;
  const [field, order] = entry;
  const direction: unknown = order !== null && typeof order === 'object' && 'order' in order ? order.order : order;
  return { field, descending: direction === 'desc' };
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === undefined || a === null) return 1;
  if (b === undefined || b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return JSON.stringify(a) < JSON.stringify(b) ? -1 : 1;
}

/** Filters, sorts and pages hits per the search body; throws SearchError on an unsupported query. */
export function search(hits: Clause[], body: SearchBody, context: SearchContext = {}): SearchPage<Clause> {
  const page = positiveInteger(body.page, 1, 1);
  const perPage = positiveInteger(body.per_page, 10, 0);
  validateQuery(body.query);
  const matched = hits.filter((hit) => matchesQuery(hit, body.query, context));
  const order = sortOrder(body.sort);
  if (order !== undefined) {
    const sign = order.descending ? -1 : 1;
    matched.sort((a, b) => sign * compare(readAttribute(a, order.field), readAttribute(b, order.field)));
  }
  const data = perPage === 0 ? [] : matched.slice((page - 1) * perPage, page * perPage);
  const pages = perPage === 0 ? 0 : Math.ceil(matched.length / perPage);
  return { data, pagination: { page, per_page: perPage, pages, total: matched.length } };
}
