/**
 * The read-side, flat naming of entities used by notifications and search hits:
 * custom user attributes carry a `traits_` prefix, reserved user fields do not, account
 * attributes are never prefixed.
 */
import type { HullAccount, HullProfileView, HullUser } from './types';

/** The platform's reserved user fields; everything else a user holds is `traits_`-prefixed. */
const RESERVED_USER_FIELDS = new Set([
  'id',
  'email',
  'name',
  'first_name',
  'last_name',
  'external_id',
  'anonymous_ids',
  'domain',
  'created_at',
  'is_approved',
  'accepts_marketing',
  'has_password',
  'last_seen_at',
  'last_known_ip',
  'first_seen_at',
  'phone',
  'picture',
  'indexed_at',
  'segment_ids',
]);

export function isReservedUserField(name: string): boolean {
  return RESERVED_USER_FIELDS.has(name) || name.includes('_session_') || name.startsWith('address_');
}

export function userAttributeName(name: string): string {
  return isReservedUserField(name) ? name : `traits_${name}`;
}

/** The user's own attributes in notification naming (no segments, no account). */
export function userAttributes(user: HullUser): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: user.id,
    email: user.email,
    external_id: user.external_id,
    anonymous_ids: [...user.anonymous_ids],
    created_at: user.created_at,
  };
  for (const [name, value] of Object.entries(user.traits)) view[userAttributeName(name)] = value;
  return view;
}

export function accountAttributes(account: HullAccount): Record<string, unknown> {
  return {
    id: account.id,
    domain: account.domain,
    external_id: account.external_id,
    anonymous_ids: [...account.anonymous_ids],
    created_at: account.created_at,
    ...account.traits,
  };
}

/** What segment predicates see for a user: its attributes with the account embedded. */
export function userProfileView(user: HullUser, account: HullAccount | undefined): HullProfileView {
  return { ...userAttributes(user), account: account === undefined ? {} : accountAttributes(account) };
}

/** A user search hit / export line: attributes, segment_ids and the embedded account. */
export function userReport(user: HullUser, account: HullAccount | undefined): HullProfileView {
  return { ...userProfileView(user, account), segment_ids: [...user.segment_ids] };
}

export function accountReport(account: HullAccount): HullProfileView {
  return { ...accountAttributes(account), segment_ids: [...account.segment_ids] };
}

/**
 * Reads an attribute by its flat name, falling back to a dotted path (`account.domain`) and
 * ignoring the search index suffixes `.raw` / `.exact`.
 */
export function readAttribute(view: Record<string, unknown>, field: string): unknown {
  const name = field.replace(/\.(raw|exact)$/, '');
  if (name in view) return view[name];
  const dot = name.indexOf('.');
  if (dot < 0) return undefined;
  const parent = view[name.slice(0, dot)];
  if (parent === null || typeof parent !== 'object' || Array.isArray(parent)) return undefined;
  return readAttribute(parent as Record<string, unknown>, name.slice(dot + 1));
}
