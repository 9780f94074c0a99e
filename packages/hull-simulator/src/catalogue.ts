/**
 * The attribute catalogue of `GET search/user_reports/bootstrap` and `account_reports/bootstrap`:
 * attributes found on stored entities, grouped by their `group/` prefix.
 */
import { isDateAttribute } from './traits';

export interface CatalogueEntry {
  id: string;
  text: string;
  type: 'string' | 'number' | 'boolean' | 'date' | 'array' | 'object';
}

export interface AttributeCatalogue {
  version: number;
  tree: Array<{ text: string; children: CatalogueEntry[] }>;
}

/** Structural members of a search hit that are not attributes. */
const NOT_ATTRIBUTES = new Set(['account', 'segment_ids']);

function typeOf(name: string, value: unknown): CatalogueEntry['type'] {
  if (isDateAttribute(name)) return 'date';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  return typeof value === 'string' ? 'string' : 'object';
}

export function attributeCatalogue(hits: Iterable<Record<string, unknown>>): AttributeCatalogue {
  const groups = new Map<string, Map<string, CatalogueEntry>>();
  for (const hit of hits) {
    for (const [id, value] of Object.entries(hit)) {
      if (NOT_ATTRIBUTES.has(id) || value === null || value === undefined) continue;
      const name = id.replace(/^traits_/, '');
      const slash = name.indexOf('/');
      const group = slash < 0 ? 'Main' : name.slice(0, slash);
      const entries = groups.get(group) ?? new Map<string, CatalogueEntry>();
      if (!entries.has(id)) {
        entries.set(id, { id, text: slash < 0 ? name : name.slice(slash + 1), type: typeOf(id, value) });
      }
      groups.set(group, entries);
    }
  }
  return {
    version: 1,
    tree: [...groups.entries()].map(([text, entries]) => ({ text, children: [...entries.values()] })),
  };
}
