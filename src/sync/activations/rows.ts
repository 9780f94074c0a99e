/**
 * One source row turned into what an activation writes: its key, its identifier value, the mapped
 * Intercom fields (values converted to the field's type), the tag name, and a hash of all of it that
 * the diff state compares. Every problem is the row's own, with a reason naming the line, the column
 * and the value, so the run carries on with the other rows. Pure.
 */
import type { ContactFields, OutgoingValue } from '../outgoing/contact-payload';
import { shortHash } from '../outgoing/hash';
import { CONTACT_WRITABLE_FIELDS, COMPANY_WRITABLE_FIELDS } from '../outgoing/intercom-fields';
import { isDateName } from '../incoming/values';
import { keyColumnOf, modelOf, type ActivationDefinition, type ValueType } from './definition';

/** What a source yields for one line: its values, or why the line could not be read. */
export type SourceItem =
  { line: number; values: Record<string, unknown> } | { line: number; problem: string; key?: string };

export interface PreparedRow {
  line: number;
  key: string;
  /** The identifier column's value; undefined without an identifier, or when empty (upsert by id inserts). */
  identifier?: string;
  fields: ContactFields;
  tag?: string;
  /** Everything the write depends on, hashed: equal to the stored hash means unchanged. */
  hash: string;
}

export interface RowProblem {
  line: number;
  key: string;
  status: 'skipped' | 'failed';
  reason: string;
}

export const isProblem = (row: PreparedRow | RowProblem): row is RowProblem => 'status' in row;

/** Any source value as text: dates as ISO-8601, objects as JSON. */
export function asText(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

/** Unix seconds at or above this are read as milliseconds. */
const MILLISECONDS_THRESHOLD = 1e11;

type Converted = { ok: true; value: OutgoingValue } | { ok: false; why: string };

const bad = (why: string): Converted => ({ ok: false, why });

function toSeconds(value: unknown): Converted {
  if (value instanceof Date) return { ok: true, value: Math.floor(value.getTime() / 1000) };
  if (typeof value === 'number' && Number.isFinite(value)) {
    return { ok: true, value: Math.floor(value >= MILLISECONDS_THRESHOLD ? value / 1000 : value) };
  }
  if (typeof value === 'string') {
    if (/^-?\d+(\.\d+)?$/.test(value.trim())) return toSeconds(Number(value));
    const parsed = Date.parse(value);
    if (Number.isFinite(parsed)) return { ok: true, value: Math.floor(parsed / 1000) };
  }
  return bad('is not a date (ISO-8601 text, Unix seconds or milliseconds)');
}

/** Converts a source value to a mapped field's type; null and empty text stay null (they clear a field). */
export function convertValue(value: unknown, type: ValueType | undefined): Converted {
  if (value === null || value === undefined || value === '') return { ok: true, value: null };
  switch (type) {
    case 'string':
      if (value instanceof Date) return { ok: true, value: value.toISOString() };
      return { ok: true, value: asText(value) };
    case 'integer': {
      const number = typeof value === 'string' ? Number(value.trim()) : value;
      if (typeof number === 'number' && Number.isInteger(number)) return { ok: true, value: number };
      if (typeof number === 'bigint') return { ok: true, value: Number(number) };
      return bad('is not a whole number');
    }
    case 'float': {
      const number = typeof value === 'string' ? Number(value.trim()) : value;
      return typeof number === 'number' && Number.isFinite(number)
        ? { ok: true, value: number }
        : bad('is not a number');
    }
    case 'boolean': {
      if (typeof value === 'boolean') return { ok: true, value };
      const text = asText(value).trim().toLowerCase();
      if (['true', 't', '1', 'yes', 'y'].includes(text)) return { ok: true, value: true };
      if (['false', 'f', '0', 'no', 'n'].includes(text)) return { ok: true, value: false };
      return bad('is not true or false');
    }
    case 'date':
      return toSeconds(value);
    case undefined:
      if (value instanceof Date) return toSeconds(value);
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
        return { ok: true, value };
      }
      if (typeof value === 'bigint') return { ok: true, value: Number(value) };
      return { ok: true, value: JSON.stringify(value) };
  }
}

/** The type a mapped field is converted to: the mapping's, the standard field's, a date by name, else the value's own. */
function typeFor(
  definition: ActivationDefinition,
  field: string,
  declared: ValueType | undefined,
): ValueType | undefined {
  if (declared !== undefined) return declared;
  const model = modelOf(definition.object);
  const standard = model === 'company' ? COMPANY_WRITABLE_FIELDS[field] : CONTACT_WRITABLE_FIELDS[field];
  if (standard !== undefined) return standard;
  return isDateName(field) ? 'date' : undefined;
}

const text = (value: unknown): string | undefined => {
  if (value === null || value === undefined) return undefined;
  const string = asText(value).trim();
  return string === '' ? undefined : string;
};

/** Prepares one source item for planning; a problem names the line, the column and the value. */
export function prepareRow(definition: ActivationDefinition, item: SourceItem): PreparedRow | RowProblem {
  const keyColumn = keyColumnOf(definition);
  if ('problem' in item) {
    return { line: item.line, key: item.key ?? `line:${item.line}`, status: 'failed', reason: item.problem };
  }
  const where = `line ${item.line}`;
  const key = text(item.values[keyColumn]);
  if (key === undefined) {
    return {
      line: item.line,
      key: `line:${item.line}`,
      status: 'failed',
      reason: `${where}: the key column "${keyColumn}" is empty, so the row cannot be told apart from others`,
    };
  }
  const fail = (reason: string): RowProblem => ({
    line: item.line,
    key,
    status: 'failed',
    reason: `${where} (key ${key}): ${reason}`,
  });

  let identifier: string | undefined;
  if (definition.identifier !== undefined) {
    identifier = text(item.values[definition.identifier.column]);
    const emptyInserts = definition.behaviour === 'upsert' && definition.identifier.field === 'id';
    if (identifier === undefined && !emptyInserts) {
      return {
        line: item.line,
        key,
        status: 'skipped',
        reason: `${where} (key ${key}): no ${definition.identifier.field} in column "${definition.identifier.column}", so there is nothing to find the record by`,
      };
    }
  }

  const fields: ContactFields = {};
  for (const entry of definition.mapping) {
    const converted = convertValue(item.values[entry.column], typeFor(definition, entry.field, entry.type));
    if (!converted.ok) {
      return fail(
        `column "${entry.column}" (${entry.field}): ${JSON.stringify(text(item.values[entry.column]))} ${converted.why}`,
      );
    }
    fields[entry.field] = converted.value;
  }

  let tag: string | undefined;
  if (definition.tag !== undefined) {
    tag = definition.tag.name ?? text(item.values[definition.tag.column ?? '']);
    if (tag === undefined) return { ...fail(`the tag column "${definition.tag.column}" is empty`), status: 'skipped' };
  }

  const hash = shortHash({ behaviour: definition.behaviour, identifier: identifier ?? null, fields, tag: tag ?? null });
  return { line: item.line, key, identifier, fields, tag, hash };
}

/** Rows of one page whose key came earlier in the same page: the later ones fail (keys must be unique). */
export function withoutDuplicateKeys(rows: Array<PreparedRow | RowProblem>): Array<PreparedRow | RowProblem> {
  const firstLine = new Map<string, number>();
  return rows.map((row) => {
    if (isProblem(row)) return row;
    const earlier = firstLine.get(row.key);
    if (earlier === undefined) {
      firstLine.set(row.key, row.line);
      return row;
    }
    return {
      line: row.line,
      key: `${row.key}#line:${row.line}`,
      status: 'failed',
      reason: `line ${row.line}: the key ${row.key} repeats line ${earlier} (the key column must be unique)`,
    };
  });
}
