/**
 * One entity collection (users or accounts) with the lookup indexes identity resolution needs:
 * by id, by each unique identity key (email / domain / external_id), by anonymous id.
 * Index keys are compared case-insensitively for email and domain, which is how people expect
 * `Ada@Example.org` and `ada@example.org` to be the same person.
 */
import type { HullAccount, HullUser } from './types';

type IdentityKey = 'external_id' | 'email' | 'domain';

/** A table's content as plain JSON; the indexes are rebuilt from it. */
export interface EntityTableSnapshot<T> {
  entities: T[];
  /** Merged-away id → the id it was merged into. */
  mergedInto: Array<[string, string]>;
}

const CASE_INSENSITIVE = new Set<IdentityKey>(['email', 'domain']);

function indexValue(key: IdentityKey, value: string): string {
  return CASE_INSENSITIVE.has(key) ? value.trim().toLowerCase() : value;
}

export class EntityTable<T extends HullUser | HullAccount, K extends IdentityKey & keyof T> {
  private readonly byId = new Map<string, T>();
  private readonly byKey = new Map<K, Map<string, string>>();
  private readonly byAnonymousId = new Map<string, string>();
  /** Ids merged away → surviving id, so old ids keep resolving after a merge. */
  private readonly mergedInto = new Map<string, string>();

  constructor(private readonly keys: readonly K[]) {
    for (const key of keys) this.byKey.set(key, new Map());
  }

  get size(): number {
    return this.byId.size;
  }

  values(): IterableIterator<T> {
    return this.byId.values();
  }

  get(id: string): T | undefined {
    let current = id;
    for (let hops = 0; hops < 100; hops += 1) {
      const entity = this.byId.get(current);
      if (entity !== undefined) return entity;
      const next = this.mergedInto.get(current);
      if (next === undefined) return undefined;
      current = next;
    }
    return undefined;
  }

  findBy(key: K, value: string): T | undefined {
    const id = this.byKey.get(key)?.get(indexValue(key, value));
    return id === undefined ? undefined : this.byId.get(id);
  }

  findByAnonymousId(anonymousId: string): T | undefined {
    const id = this.byAnonymousId.get(anonymousId);
    return id === undefined ? undefined : this.byId.get(id);
  }

  insert(entity: T): void {
    this.byId.set(entity.id, entity);
    for (const key of this.keys) this.indexKey(entity, key);
    for (const anonymousId of entity.anonymous_ids) this.byAnonymousId.set(anonymousId, entity.id);
  }

  remove(entity: T): void {
    this.byId.delete(entity.id);
    for (const key of this.keys) this.unindexKey(entity, key);
    for (const anonymousId of entity.anonymous_ids) {
      if (this.byAnonymousId.get(anonymousId) === entity.id) this.byAnonymousId.delete(anonymousId);
    }
  }

  snapshot(): EntityTableSnapshot<T> {
    return { entities: [...this.byId.values()], mergedInto: [...this.mergedInto] };
  }

  restore(snapshot: EntityTableSnapshot<T>): void {
    this.byId.clear();
    for (const index of this.byKey.values()) index.clear();
    this.byAnonymousId.clear();
    this.mergedInto.clear();
    for (const entity of snapshot.entities) this.insert(entity);
    for (const [loserId, winnerId] of snapshot.mergedInto) this.mergedInto.set(loserId, winnerId);
  }

  recordMerge(loserId: string, winnerId: string): void {
    this.mergedInto.set(loserId, winnerId);
  }

  /** Whether `value` for `key` is free or already held by `entity` itself. */
  isAvailable(entity: T, key: K, value: string): boolean {
    const holder = this.findBy(key, value);
    return holder === undefined || holder.id === entity.id;
  }

  setKey(entity: T, key: K, value: string | null): void {
    this.unindexKey(entity, key);
    entity[key] = value as T[K];
    this.indexKey(entity, key);
  }

  addAnonymousId(entity: T, anonymousId: string): void {
    if (!entity.anonymous_ids.includes(anonymousId)) entity.anonymous_ids.push(anonymousId);
    this.byAnonymousId.set(anonymousId, entity.id);
  }

  removeAnonymousId(entity: T, anonymousId: string): void {
    entity.anonymous_ids = entity.anonymous_ids.filter((id) => id !== anonymousId);
    if (this.byAnonymousId.get(anonymousId) === entity.id) this.byAnonymousId.delete(anonymousId);
  }

  private indexKey(entity: T, key: K): void {
    const value = entity[key];
    if (typeof value === 'string' && value !== '') this.byKey.get(key)?.set(indexValue(key, value), entity.id);
  }

  private unindexKey(entity: T, key: K): void {
    const value = entity[key];
    if (typeof value !== 'string') return;
    const index = this.byKey.get(key);
    if (index?.get(indexValue(key, value)) === entity.id) index.delete(indexValue(key, value));
  }
}
