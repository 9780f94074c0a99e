/**
 * Identity claims as Hull accepts them (users: id, email, external_id, anonymous_id; accounts: id,
 * domain, external_id, anonymous_id): unknown keys are dropped, as Hull's client drops them, empty
 * values are left out, and a claims object must keep at least one accepted key.
 */
export interface UserClaims {
  id?: string;
  email?: string;
  external_id?: string;
  anonymous_id?: string;
}

export interface AccountClaims {
  id?: string;
  domain?: string;
  external_id?: string;
  anonymous_id?: string;
}

const USER_KEYS = ['id', 'email', 'external_id', 'anonymous_id'] as const;
const ACCOUNT_KEYS = ['id', 'domain', 'external_id', 'anonymous_id'] as const;

function filterClaims<T extends object>(claims: object, keys: readonly string[]): T {
  const out: Record<string, string> = {};
  for (const key of keys) {
    const value = (claims as Record<string, unknown>)[key];
    if (typeof value === 'string' && value.trim() !== '') out[key] = value.trim();
  }
  return out as T;
}

export const userClaims = (claims: UserClaims): UserClaims => filterClaims<UserClaims>(claims, USER_KEYS);
export const accountClaims = (claims: AccountClaims): AccountClaims =>
  filterClaims<AccountClaims>(claims, ACCOUNT_KEYS);

export const hasClaims = (claims: object): boolean => Object.keys(claims).length > 0;
