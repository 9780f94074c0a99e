/**
 * The contact search query language of POST /contacts/search (2.16):
 * - a single filter `{field, operator, value}` or a group `{operator: 'AND'|'OR', value: [...]}`;
 *   at most 2 levels of group nesting and at most 15 entries per group;
 * - operators `= != IN NIN < > <= >= ~ !~ ^ $`, legal per field type (strings: = != IN NIN ~ !~ ^ $;
 *   numbers: = != IN NIN < > <= >=; booleans: = != IN NIN; tag_id/segment_id: = and != only;
 *   dates: only = < >, everything else is an error);
 * - dates are **day-granular in the workspace timezone**: the value is truncated to the start of its day,
 *   `=` matches that whole day, `>` matches from the start of the next day, `<` before the start of the day.
 */
import type { ContactRecord } from './records';
import type { IntercomStore } from './store';
import { IntercomHttpError, parameterInvalid } from './errors';
import { resolveSearchField, type SearchField } from './search-fields';
import { startOfDay, startOfNextDay } from './day-boundaries';

export type ContactPredicate = (contact: ContactRecord) => boolean;

export interface QueryEnvironment {
  store: IntercomStore;
  timezone: string;
  /** Membership test of a segment, or undefined if no such segment exists. */
  segmentPredicate(segmentId: string): ContactPredicate | undefined;
}

export const MAX_FILTERS_PER_GROUP = 15;
export const MAX_NESTING = 2;

const OPERATORS_BY_TYPE: Record<SearchField['type'], readonly string[]> = {
  string: ['=', '!=', 'IN', 'NIN', '~', '!~', '^', '$'],
  integer: ['=', '!=', 'IN', 'NIN', '<', '>', '<=', '>='],
  float: ['=', '!=', 'IN', 'NIN', '<', '>', '<=', '>='],
  boolean: ['=', '!=', 'IN', 'NIN'],
  date: ['=', '<', '>'],
  tag: ['=', '!='],
  segment: ['=', '!='],
};

const ALL_OPERATORS = new Set(['=', '!=', 'IN', 'NIN', '<', '>', '<=', '>=', '~', '!~', '^', '$']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

function asBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  return undefined;
}

function typeError(field: string, expected: string): IntercomHttpError {
  return parameterInvalid(`The value for field '${field}' must be ${expected}`, field);
}

/** A filter value as text, for messages and comparisons. */
function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function normalizeString(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  return asText(value).toLowerCase();
}

/** Compiles a filter on a string field; comparisons are case-insensitive, as Intercom's search is. */
function stringFilter(field: SearchField, operator: string, value: unknown): ContactPredicate {
  const get = (c: ContactRecord): string | null => normalizeString(field.get(c));
  if (operator === 'IN' || operator === 'NIN') {
    if (!Array.isArray(value)) throw typeError(field.name, 'an array for IN/NIN');
    const wanted = new Set(value.map((v) => normalizeString(v)));
    return operator === 'IN' ? (c) => wanted.has(get(c)) : (c) => !wanted.has(get(c));
  }
  if (value !== null && typeof value !== 'string') throw typeError(field.name, 'a string');
  const wanted = normalizeString(value);
  switch (operator) {
    case '=':
      return (c) => get(c) === wanted;
    case '!=':
      return (c) => get(c) !== wanted;
    case '~':
      return (c) => (get(c) ?? '').includes(wanted ?? '');
    case '!~':
      return (c) => !(get(c) ?? '').includes(wanted ?? '');
    case '^':
      return (c) => get(c)?.startsWith(wanted ?? '') ?? false;
    default:
      return (c) => get(c)?.endsWith(wanted ?? '') ?? false;
  }
}

function numberFilter(field: SearchField, operator: string, value: unknown): ContactPredicate {
  const get = (c: ContactRecord): number | null => asNumber(field.get(c)) ?? null;
  if (operator === 'IN' || operator === 'NIN') {
    if (!Array.isArray(value)) throw typeError(field.name, 'an array for IN/NIN');
    const wanted = value.map((v) => {
      const n = asNumber(v);
      if (n === undefined) throw typeError(field.name, 'an array of numbers');
      return n;
    });
    return operator === 'IN' ? (c) => wanted.includes(get(c) ?? NaN) : (c) => !wanted.includes(get(c) ?? NaN);
  }
  if (value === null && (operator === '=' || operator === '!=')) {
    return operator === '=' ? (c) => get(c) === null : (c) => get(c) !== null;
  }
  const wanted = asNumber(value);
  if (wanted === undefined) throw typeError(field.name, 'a number');
  const compare: Record<string, (a: number) => boolean> = {
    '=': (a) => a === wanted,
    '!=': (a) => a !== wanted,
    '<': (a) => a < wanted,
    '>': (a) => a > wanted,
    '<=': (a) => a <= wanted,
    '>=': (a) => a >= wanted,
  };
  const test = compare[operator] as (a: number) => boolean;
  return (c) => {
    const actual = get(c);
    if (actual === null) return operator === '!=';
    return test(actual);
  };
}

function booleanFilter(field: SearchField, operator: string, value: unknown): ContactPredicate {
  const get = (c: ContactRecord): boolean | null => asBoolean(field.get(c)) ?? null;
  if (operator === 'IN' || operator === 'NIN') {
    if (!Array.isArray(value)) throw typeError(field.name, 'an array for IN/NIN');
    const wanted = value.map((v) => asBoolean(v));
    return operator === 'IN'
      ? (c) => wanted.includes(get(c) ?? undefined)
      : (c) => !wanted.includes(get(c) ?? undefined);
  }
  const wanted = value === null ? null : asBoolean(value);
  if (wanted === undefined) throw typeError(field.name, 'a boolean');
  return operator === '=' ? (c) => get(c) === wanted : (c) => get(c) !== wanted;
}

/** Day-granular date comparison in the workspace timezone (see the module comment). */
function dateFilter(field: SearchField, operator: string, value: unknown, timezone: string): ContactPredicate {
  const seconds = asNumber(value);
  if (seconds === undefined) throw typeError(field.name, 'a Unix timestamp');
  const dayStart = startOfDay(Math.floor(seconds), timezone);
  const nextDayStart = startOfNextDay(Math.floor(seconds), timezone);
  const get = (c: ContactRecord): number | null => asNumber(field.get(c)) ?? null;
  return (c) => {
    const actual = get(c);
    if (actual === null) return false;
    if (operator === '=') return actual >= dayStart && actual < nextDayStart;
    if (operator === '>') return actual >= nextDayStart;
    return actual < dayStart;
  };
}

function compileFilter(node: Record<string, unknown>, env: QueryEnvironment): ContactPredicate {
  const { field: fieldName, operator, value } = node;
  if (typeof fieldName !== 'string') throw parameterInvalid('Each filter needs a string field', 'query.field');
  if (typeof operator !== 'string' || !ALL_OPERATORS.has(operator)) {
    throw parameterInvalid(`Operator '${asText(operator)}' is not supported`, 'query.operator');
  }
  const field = resolveSearchField(env.store, fieldName);
  if (!field) throw parameterInvalid(`Field '${fieldName}' is not a searchable contact field`, 'query.field');
  if (!OPERATORS_BY_TYPE[field.type].includes(operator)) {
    throw parameterInvalid(
      `Operator '${operator}' is not supported on ${field.type} field '${fieldName}'`,
      'query.operator',
    );
  }
  switch (field.type) {
    case 'string':
      return stringFilter(field, operator, value);
    case 'integer':
    case 'float':
      return numberFilter(field, operator, value);
    case 'boolean':
      return booleanFilter(field, operator, value);
    case 'date':
      return dateFilter(field, operator, value, env.timezone);
    case 'tag': {
      if (typeof value !== 'string') throw typeError(fieldName, 'a tag id string');
      return operator === '='
        ? (c) => env.store.contactHasTag(c.id, value)
        : (c) => !env.store.contactHasTag(c.id, value);
    }
    case 'segment': {
      if (typeof value !== 'string') throw typeError(fieldName, 'a segment id string');
      const inSegment = env.segmentPredicate(value) ?? (() => false);
      return operator === '=' ? inSegment : (c) => !inSegment(c);
    }
  }
}

function compileNode(node: unknown, env: QueryEnvironment, depth: number): ContactPredicate {
  if (!isObject(node)) throw parameterInvalid('query must be an object', 'query');
  if (node.operator === 'AND' || node.operator === 'OR') {
    // The top-level group is the first level; a group inside it the second; deeper groups are refused.
    if (depth >= MAX_NESTING) {
      throw parameterInvalid(`Queries support at most ${MAX_NESTING} levels of nested filters`, 'query');
    }
    if (!Array.isArray(node.value) || node.value.length === 0) {
      throw parameterInvalid(`${node.operator} requires a non-empty array of filters`, 'query.value');
    }
    if (node.value.length > MAX_FILTERS_PER_GROUP) {
      throw parameterInvalid(
        `A maximum of ${MAX_FILTERS_PER_GROUP} filters is allowed per AND/OR group`,
        'query.value',
      );
    }
    const children = node.value.map((child) => compileNode(child, env, depth + 1));
    return node.operator === 'AND' ? (c) => children.every((p) => p(c)) : (c) => children.some((p) => p(c));
  }
  return compileFilter(node, env);
}

/** Compiles (and validates) a search query; throws Intercom-shaped 400s for anything Intercom rejects. */
export function compileContactQuery(query: unknown, env: QueryEnvironment): ContactPredicate {
  return compileNode(query, env, 0);
}

export interface ContactSort {
  field: SearchField;
  descending: boolean;
}

/** `sort: {field, order}`; default order `descending`, 2.16 rejects other orders with `invalid_sort_order`. */
export function resolveContactSort(sort: unknown, store: IntercomStore): ContactSort {
  const createdAt = resolveSearchField(store, 'created_at') as SearchField;
  if (sort === undefined || sort === null) return { field: createdAt, descending: true };
  if (!isObject(sort)) throw parameterInvalid('sort must be an object', 'sort');
  const order = sort.order ?? 'descending';
  if (order !== 'ascending' && order !== 'descending') {
    throw new IntercomHttpError(
      400,
      'invalid_sort_order',
      `Invalid sort order '${asText(order)}'. Must be one of: ascending, descending`,
      'sort.order',
    );
  }
  const fieldName = sort.field ?? 'created_at';
  const field = typeof fieldName === 'string' ? resolveSearchField(store, fieldName) : undefined;
  if (!field || field.type === 'tag' || field.type === 'segment') {
    throw parameterInvalid(`Cannot sort by field '${asText(fieldName)}'`, 'sort.field');
  }
  return { field, descending: order === 'descending' };
}
