/**
 * Where trait writes land on users and accounts (applied through traits.ts): identity fields
 * (`email`, `external_id`, account `domain`) go through the store's indexes and must stay unique,
 * structural fields are read-only, `anonymous_id` is not an attribute, the rest is the
 * entity's traits map.
 */
import { isGenericMailDomain, normaliseDomain } from './domains';
import type { HullStore } from './store';
import type { AttributeTarget } from './traits';
import type { HullAccount, HullUser } from './types';

const READ_ONLY = new Set(['id', 'anonymous_ids', 'segment_ids', 'account_id', 'account', 'created_at', 'updated_at']);

const NOT_AN_ATTRIBUTE = 'anonymous_id is not an attribute; send an alias message instead';

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function writeTrait(entity: HullUser | HullAccount, name: string, value: unknown, at: string): undefined {
  if (sameValue(entity.traits[name], value ?? undefined)) return undefined;
  if (value === null) delete entity.traits[name];
  else entity.traits[name] = value;
  entity.updated_at = at;
  return undefined;
}

export function userTarget(store: HullStore, user: HullUser, at: string): AttributeTarget {
  return {
    read: (name) => (name === 'email' || name === 'external_id' ? user[name] : user.traits[name]),
    write: (name, value) => {
      if (name === 'anonymous_id') return NOT_AN_ATTRIBUTE;
      if (READ_ONLY.has(name)) return 'read-only field';
      if (name !== 'email' && name !== 'external_id') return writeTrait(user, name, value, at);
      if (value !== null && typeof value !== 'string') return 'must be a string';
      if (value !== null && !store.users.isAvailable(user, name, value)) return `already identifies another user`;
      if (user[name] !== value) {
        store.users.setKey(user, name, value);
        user.updated_at = at;
      }
      return undefined;
    },
  };
}

export function accountTarget(store: HullStore, account: HullAccount, at: string): AttributeTarget {
  return {
    read: (name) => (name === 'domain' || name === 'external_id' ? account[name] : account.traits[name]),
    write: (name, value) => {
      if (name === 'anonymous_id') return NOT_AN_ATTRIBUTE;
      if (READ_ONLY.has(name)) return 'read-only field';
      if (name !== 'domain' && name !== 'external_id') return writeTrait(account, name, value, at);
      if (value !== null && typeof value !== 'string') return 'must be a string';
      const next = value !== null && name === 'domain' ? normaliseDomain(value) : value;
      if (next !== null && name === 'domain' && isGenericMailDomain(next)) return 'generic mail domains are refused';
      if (next !== null && !store.accounts.isAvailable(account, name, next)) {
        return `already identifies another account`;
      }
      if (account[name] !== next) {
        store.accounts.setKey(account, name, next);
        account.updated_at = at;
      }
      return undefined;
    },
  };
}
