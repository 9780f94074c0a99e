/**
 * Claim parsing and identity resolution.
 *
 * Lookup order: `id` (direct), then users external_id → email → anonymous_id, accounts
 * external_id → domain → anonymous_id. A hit through a weaker claim that carries a different value
 * for a stronger claim of the same message does not count (`{email: a, anonymous_id: x}` never
 * lands on a user whose email is b). The first remaining hit is the subject. Every other entity hit by
 * another claim is merged into it (merge.ts), unless both carry different values for the same
 * strong identifier (external_id, email/domain): two people with different emails are never merged,
 * the conflicting claim is then simply not applied. After resolution, claims fill the subject's
 * empty identity fields and an `anonymous_id` claim is attached. Nothing found: a new entity is
 * created from the claims when `create` allows it, except that an unknown `id` cannot be
 * created (ids are the platform's to give).
 */
import { isGenericMailDomain, normaliseDomain } from './domains';
import { mergeAccounts, mergeUsers } from './merge';
import type { EntityTable } from './entity-table';
import type { HullStore } from './store';
import {
  ACCOUNT_CLAIM_KEYS,
  USER_CLAIM_KEYS,
  type AccountClaims,
  type HullAccount,
  type HullUser,
  type UserClaims,
} from './types';

export type Resolution<T> =
  | { status: 'resolved'; entity: T; created: boolean; merged: string[] }
  /** Nothing matched and creation was not allowed: the message has no effect (`create:false`). */
  | { status: 'not-found'; reason: string }
  | { status: 'invalid'; reason: string };

function pickClaims<K extends string>(raw: unknown, keys: readonly K[]): Partial<Record<K, string>> | undefined {
  if (typeof raw === 'string') return raw === '' ? undefined : ({ id: raw } as Partial<Record<K, string>>);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const source = raw as Record<string, unknown>;
  const claims: Partial<Record<K, string>> = {};
  for (const key of keys) {
    const value = source[key];
    // Keys outside the list are dropped; a null value means "no claim".
    if (typeof value === 'string' && value.trim() !== '') claims[key] = value.trim();
  }
  return Object.keys(claims).length > 0 ? claims : undefined;
}

/** Accepted user claims of a token or API call, or undefined when none is usable. */
export function parseUserClaims(raw: unknown): UserClaims | undefined {
  return pickClaims(raw, USER_CLAIM_KEYS);
}

/** Accepted account claims; a generic mail domain is dropped and reported in `refused`. */
export function parseAccountClaims(raw: unknown): { claims: AccountClaims | undefined; refused?: string } {
  const claims = pickClaims(raw, ACCOUNT_CLAIM_KEYS);
  if (claims?.domain === undefined) return { claims };
  const domain = normaliseDomain(claims.domain);
  if (!isGenericMailDomain(domain)) return { claims: { ...claims, domain } };
  const { domain: _refused, ...rest } = claims;
  const refused = `generic mail domain ${domain} refused as account domain`;
  return { claims: Object.keys(rest).length > 0 ? rest : undefined, refused };
}

function conflicts(a: string | null, b: string | null): boolean {
  return a !== null && b !== null && a.toLowerCase() !== b.toLowerCase();
}

function distinct<T extends { id: string }>(entities: Array<T | undefined>): T[] {
  const seen = new Map<string, T>();
  for (const entity of entities) if (entity !== undefined && !seen.has(entity.id)) seen.set(entity.id, entity);
  return [...seen.values()];
}

type IdentityKey = 'external_id' | 'email' | 'domain';

/** What differs between resolving users and accounts: their table, strong key, creation and merge. */
interface KindRules<T extends HullUser | HullAccount, K extends IdentityKey & keyof T> {
  label: 'user' | 'account';
  table: EntityTable<T, K>;
  /** Lookup keys in resolution order, after `id` and before `anonymous_id`. */
  keys: readonly K[];
  create(): T;
  merge(winner: T, loser: T): void;
}

type Claims<K extends string> = Partial<Record<K | 'id' | 'anonymous_id', string>>;

function resolve<T extends HullUser | HullAccount, K extends IdentityKey & keyof T>(
  rules: KindRules<T, K>,
  claims: Claims<K>,
  create: boolean,
): Resolution<T> {
  const { table, keys, label } = rules;
  const byId = claims.id === undefined ? undefined : table.get(claims.id);
  if (claims.id !== undefined && byId === undefined) {
    return { status: create ? 'invalid' : 'not-found', reason: `no ${label} with id ${claims.id}` };
  }
  const valueOf = (holder: T, key: K): string | null => holder[key] as string | null;
  // A hit through a weaker claim that contradicts a stronger claim of the same message is someone else.
  const contradicts = (hit: T | undefined, strongerKeys: readonly K[]): boolean =>
    hit !== undefined && strongerKeys.some((key) => conflicts(claims[key] ?? null, valueOf(hit, key)));
  const byKeys = keys.map((key, level) => {
    const value = claims[key];
    const hit = value === undefined ? undefined : table.findBy(key, value);
    return contradicts(hit, keys.slice(0, level)) ? undefined : hit;
  });
  const anonymousHit = claims.anonymous_id === undefined ? undefined : table.findByAnonymousId(claims.anonymous_id);
  const byAnonymousId = contradicts(anonymousHit, keys) ? undefined : anonymousHit;
  const [found, ...others] = distinct([byId, ...byKeys, byAnonymousId]);
  if (found === undefined && !create) {
    return { status: 'not-found', reason: `no matching ${label} and io.hull.create is false` };
  }
  const entity = found ?? rules.create();
  const merged: string[] = [];
  for (const other of others) {
    if (keys.some((key) => conflicts(valueOf(entity, key), valueOf(other, key)))) continue;
    rules.merge(entity, other);
    merged.push(other.id);
  }
  for (const key of keys) {
    const value = claims[key];
    if (value !== undefined && valueOf(entity, key) === null && table.isAvailable(entity, key, value)) {
      table.setKey(entity, key, value);
    }
  }
  if (claims.anonymous_id !== undefined && table.findByAnonymousId(claims.anonymous_id) === undefined) {
    table.addAnonymousId(entity, claims.anonymous_id);
  }
  return { status: 'resolved', entity, created: found === undefined, merged };
}

export function resolveUser(store: HullStore, claims: UserClaims, create: boolean, at: string): Resolution<HullUser> {
  return resolve(
    {
      label: 'user',
      table: store.users,
      keys: ['external_id', 'email'],
      create: () => store.createUser(at),
      merge: (winner, loser) => mergeUsers(store, winner, loser, at),
    },
    claims,
    create,
  );
}

export function resolveAccount(
  store: HullStore,
  claims: AccountClaims,
  create: boolean,
  at: string,
): Resolution<HullAccount> {
  return resolve(
    {
      label: 'account',
      table: store.accounts,
      keys: ['external_id', 'domain'],
      create: () => store.createAccount(at),
      merge: (winner, loser) => mergeAccounts(store, winner, loser, at),
    },
    claims,
    create,
  );
}

/** Lookup without side effects, in resolution order; for assertions and tooling. */
export function findUser(store: HullStore, claims: UserClaims): HullUser | undefined {
  const { users } = store;
  return (
    (claims.id === undefined ? undefined : users.get(claims.id)) ??
    (claims.external_id === undefined ? undefined : users.findBy('external_id', claims.external_id)) ??
    (claims.email === undefined ? undefined : users.findBy('email', claims.email)) ??
    (claims.anonymous_id === undefined ? undefined : users.findByAnonymousId(claims.anonymous_id))
  );
}

export function findAccount(store: HullStore, claims: AccountClaims): HullAccount | undefined {
  const { accounts } = store;
  return (
    (claims.id === undefined ? undefined : accounts.get(claims.id)) ??
    (claims.external_id === undefined ? undefined : accounts.findBy('external_id', claims.external_id)) ??
    (claims.domain === undefined ? undefined : accounts.findBy('domain', normaliseDomain(claims.domain))) ??
    (claims.anonymous_id === undefined ? undefined : accounts.findByAnonymousId(claims.anonymous_id))
  );
}
