/** Reading Intercom values by mapping path and converting them to Hull attribute values. */
import type { Traits, TraitValue } from '../../hull/firehose-batch';

/** Reads `a.b.c` from an object. Intercom attribute names never contain dots, so splitting is safe. */
export function readPath(source: unknown, path: string): { found: boolean; value: unknown } {
  let node: unknown = source;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object' || !(key in node)) return { found: false, value: undefined };
    node = (node as Record<string, unknown>)[key];
  }
  return { found: true, value: node };
}

/**
 * Hull and Intercom both treat attributes named `*_at` / `*_date` as dates (Intercom sends them as
 * Unix seconds). Also right for a dotted path: the pattern can only match its last segment.
 */
export const isDateName = (name: string): boolean => /(_at|_date)$/.test(name);

export function unixToIso(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

const LIST_KEYS = ['data', 'tags', 'segments', 'companies', 'contacts', 'notes', 'social_profiles', 'admins'];

/**
 * The items of an Intercom list object, or undefined when the value is not one. Intercom wraps every
 * list: `{type: "list", data: [...]}` on contacts (tags, companies, notes, social profiles),
 * `{type: "tag.list", tags: [...]}` and `{type: "segment.list", segments: [...]}` on companies, and
 * 1.x-shaped payloads use the plural key with `data` in 2.x (`{type: "tag.list", data: [...]}`).
 */
export function listItems(value: unknown): unknown[] | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const list = value as Record<string, unknown>;
  if (typeof list.type !== 'string' || !(list.type === 'list' || list.type.endsWith('.list'))) return undefined;
  const key = LIST_KEYS.find((name) => Array.isArray(list[name]) && (list[name] as unknown[]).length > 0);
  return key === undefined ? [] : (list[key] as unknown[]);
}

/**
 * A list object as Hull stores lists: the names of its items (their ids where Intercom embeds no
 * name, e.g. a contact's notes), each once. Undefined when the value is not a list object.
 */
export function listNames(value: unknown): string[] | undefined {
  const items = listItems(value);
  if (items === undefined) return undefined;
  const names = items.flatMap((item) => {
    if (typeof item === 'string') return [item];
    if (item === null || typeof item !== 'object') return [];
    const { name, id } = item as { name?: unknown; id?: unknown };
    if (typeof name === 'string' && name !== '') return [name];
    return typeof id === 'string' || typeof id === 'number' ? [String(id)] : [];
  });
  return [...new Set(names)];
}

/**
 * Converts one Intercom value for Hull: dates to ISO, list objects to the names they hold, other
 * objects to JSON text, null stays null (clears).
 */
export function toHullValue(path: string, value: unknown): TraitValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' && isDateName(path)) return unixToIso(value);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value;
  return listNames(value) ?? JSON.stringify(value);
}

/** `https://www.Example.com/pricing` → `example.com`; undefined when it is not a usable domain. */
export function domainFromWebsite(website: string | null | undefined): string | undefined {
  if (!website) return undefined;
  try {
    const url = new URL(/^[a-z]+:\/\//i.test(website) ? website : `https://${website}`);
    const host = url.hostname.toLowerCase().replace(/^www\./, '');
    return host.includes('.') ? host : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Hull traits for incoming mapping rows: each value found is written as is (`overwrite`, and always
 * to clear) or only where Hull has none yet (setIfNull). The entity's name only ever fills a blank.
 */
export function mappedTraits(
  rows: ReadonlyArray<{ hull: string; service: string; overwrite: boolean }>,
  valueOf: (service: string) => { found: boolean; value: TraitValue },
  name: string | null | undefined,
): Traits {
  const traits: Traits = {};
  for (const row of rows) {
    const { found, value } = valueOf(row.service);
    if (!found) continue;
    traits[row.hull] = row.overwrite || value === null ? value : { operation: 'setIfNull', value };
  }
  if (name) traits.name = { operation: 'setIfNull', value: name };
  return traits;
}
