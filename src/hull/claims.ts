/**
 * Identity claims as Hull accepts them: for users `id`, `email`, `external_id`, `anonymous_id`; for
 * accounts `id`, `domain`, `external_id`, `anonymous_id`. Hull drops unknown keys and ignores empty
 * values, and a claims object must keep at least one accepted key.
 *
 * The Hull simulator (packages/hull-simulator) keeps its own list on purpose, so a wrong key here is
 * not silently accepted by the simulator too; test/unit/hull-claims-cross-check.test.ts holds the two
 * lists equal and checks that what the engine sends resolves in the simulator.
 */

export const USER_CLAIM_KEYS = ['id', 'email', 'external_id', 'anonymous_id'] as const;
export const ACCOUNT_CLAIM_KEYS = ['id', 'domain', 'external_id', 'anonymous_id'] as const;

export type UserClaims = Partial<Record<(typeof USER_CLAIM_KEYS)[number], string>>;
export type AccountClaims = Partial<Record<(typeof ACCOUNT_CLAIM_KEYS)[number], string>>;

function filterClaims<T extends object>(claims: object, keys: readonly string[]): T {
  const out: Record<string, string> = {};
  for (const key of keys) {
    const value = (claims as Record<string, unknown>)[key];
    if (typeof value === 'string' && value.trim() !== '') out[key] = value.trim();
  }
  return out as T;
}

export const userClaims = (claims: UserClaims): UserClaims => filterClaims<UserClaims>(claims, USER_CLAIM_KEYS);
export const accountClaims = (claims: AccountClaims): AccountClaims =>
  filterClaims<AccountClaims>(claims, ACCOUNT_CLAIM_KEYS);

export const hasClaims = (claims: object): boolean => Object.keys(claims).length > 0;
