/**
 * Segments of the organization and membership evaluation. A definition is either a predicate over
 * the flat notification view or an equality query (attribute → required value, all must match);
 * membership is recomputed whenever an entity changes (state.ts), and the notifier reports
 * entered/left by comparing with the entity's last notified membership (changes.ts).
 */
import type { HullProfileView, HullSegment, HullSegmentDefinition, HullSegmentType } from './types';
import { readAttribute } from './views';

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

export function matchesQuery(query: Record<string, unknown>, view: HullProfileView): boolean {
  return Object.entries(query).every(([attribute, expected]) => sameValue(readAttribute(view, attribute), expected));
}

interface Entry {
  definition: HullSegmentDefinition;
  segment: HullSegment;
}

/**
 * The segments as plain JSON. A segment defined by a predicate (`match`) keeps only its id: a function
 * cannot be written to a file, so restoring takes its definition from the ones the simulator was given.
 */
export type SegmentSnapshot = Array<{ segment: HullSegment; predicate: boolean; query?: Record<string, unknown> }>;

export class SegmentRegistry {
  private readonly entries = new Map<string, Entry>();

  constructor(definitions: readonly HullSegmentDefinition[], at: string) {
    for (const definition of definitions) this.upsert(definition, at);
  }

  upsert(definition: HullSegmentDefinition, at: string): HullSegment {
    const existing = this.entries.get(definition.id);
    const segment: HullSegment = {
      id: definition.id,
      name: definition.name,
      type: definition.type,
      created_at: existing?.segment.created_at ?? at,
      updated_at: at,
      ...(definition.query === undefined ? {} : { query: definition.query }),
      stats: {},
    };
    this.entries.set(definition.id, { definition, segment });
    return segment;
  }

  snapshot(): SegmentSnapshot {
    return [...this.entries.values()].map(({ definition, segment }) => ({
      segment,
      predicate: definition.match !== undefined,
      ...(definition.query === undefined ? {} : { query: definition.query }),
    }));
  }

  /** Replaces the segments; `known` supplies the predicates of segments defined by one. */
  restore(snapshot: SegmentSnapshot, known: readonly HullSegmentDefinition[]): void {
    const entries = snapshot.map(({ segment, predicate, query }): Entry => {
      const base = { id: segment.id, name: segment.name, type: segment.type };
      if (!predicate) return { definition: { ...base, ...(query === undefined ? {} : { query }) }, segment };
      const match = known.find((definition) => definition.id === segment.id)?.match;
      if (match === undefined) {
        throw new Error(
          `segment ${segment.name} (${segment.id}) is defined by a predicate the simulator was not given`,
        );
      }
      return { definition: { ...base, match }, segment };
    });
    this.entries.clear();
    for (const entry of entries) this.entries.set(entry.segment.id, entry);
  }

  get(id: string): HullSegment | undefined {
    return this.entries.get(id)?.segment;
  }

  findByName(name: string): HullSegment | undefined {
    return [...this.entries.values()].find((entry) => entry.segment.name === name)?.segment;
  }

  list(type?: HullSegmentType): HullSegment[] {
    return [...this.entries.values()]
      .map((entry) => entry.segment)
      .filter((segment) => type === undefined || segment.type === type);
  }

  /** Segment objects for ids, in the given order, skipping ids of deleted segments. */
  byIds(ids: readonly string[]): HullSegment[] {
    return ids.map((id) => this.get(id)).filter((segment): segment is HullSegment => segment !== undefined);
  }

  /** Ids of the segments of `type` the profile belongs to. */
  membership(type: HullSegmentType, profile: HullProfileView): string[] {
    const ids: string[] = [];
    for (const { definition } of this.entries.values()) {
      if (definition.type !== type) continue;
      const member =
        definition.match !== undefined
          ? definition.match(profile)
          : definition.query !== undefined && matchesQuery(definition.query, profile);
      if (member) ids.push(definition.id);
    }
    return ids;
  }
}
