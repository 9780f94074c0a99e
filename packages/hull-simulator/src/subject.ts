/**
 * Who a firehose message acts as, from its verified access-token claims:
 * 1. subjectType user, asUser only              → the user;
 * 2. subjectType account, asAccount only        → the account;
 * 3. subjectType account, asUser and asAccount  → the account, with the user linked to it;
 * 4. subjectType account, asUser only           → the user's current account (rejected when it has none);
 * 5. `sub` = Hull id (with asUser = {id})       → direct lookup; a bare `sub` stands in for missing claims.
 * subjectType user together with asAccount is not a combination the reference client produces and is
 * rejected rather than guessed at. `io.hull.create: false` turns every lookup into "find only".
 */
import { parseAccountClaims, parseUserClaims, resolveAccount, resolveUser, type Resolution } from './identity';
import type { HullState, Touched } from './state';
import type { HullAccount, HullUser, UserClaims } from './types';

export type Subject = { type: 'user'; user: HullUser } | { type: 'account'; account: HullAccount };

type Failure = { status: 'rejected' | 'ignored'; reason: string };

export type SubjectResult = { status: 'resolved'; subject: Subject } | Failure;

export type SubjectType = 'user' | 'account';

export function subjectTypeOf(payload: Record<string, unknown>): SubjectType | undefined {
  const value = payload['io.hull.subjectType'];
  return value === 'user' || value === 'account' ? value : undefined;
}

function present(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  return typeof value !== 'object' || Object.keys(value).length > 0;
}

/** Turns a resolution into an entity or a final result, counting creations and merges. */
function settle<T>(
  state: HullState,
  resolution: Resolution<T>,
  kind: 'user' | 'account',
): { entity: T } | { result: Failure } {
  if (resolution.status === 'invalid') return { result: { status: 'rejected', reason: resolution.reason } };
  if (resolution.status === 'not-found') return { result: { status: 'ignored', reason: resolution.reason } };
  if (resolution.created) state.counters[kind === 'user' ? 'usersCreated' : 'accountsCreated'] += 1;
  state.counters.merges += resolution.merged.length;
  return { entity: resolution.entity };
}

interface Request {
  state: HullState;
  payload: Record<string, unknown>;
  touched: Touched;
  create: boolean;
  at: string;
}

/** Cases 1 and 5. */
function actAsUser({ state, payload, touched, create, at }: Request): SubjectResult {
  if (present(payload['io.hull.asAccount'])) {
    return {
      status: 'rejected',
      reason: 'subjectType "user" with io.hull.asAccount is not a combination the platform accepts',
    };
  }
  // The reference client also puts the Hull id in `sub`; alone it still names the user.
  const claims = parseUserClaims(payload['io.hull.asUser']) ?? parseUserClaims(payload.sub);
  if (claims === undefined) {
    return { status: 'rejected', reason: 'no usable user claims in io.hull.asUser / sub' };
  }
  const user = settle(state, resolveUser(state.store, claims, create, at), 'user');
  if ('result' in user) return user.result;
  touched.user(user.entity);
  return { status: 'resolved', subject: { type: 'user', user: user.entity } };
}

/** Case 4: act on the account the user already belongs to; there is nothing to create. */
function actAsUsersAccount({ state, touched, at }: Request, userClaims: UserClaims): SubjectResult {
  const user = settle(state, resolveUser(state.store, userClaims, false, at), 'user');
  if ('result' in user) return { status: 'rejected', reason: `user's current account: ${user.result.reason}` };
  const account = state.store.accountOf(user.entity);
  if (account === undefined) {
    return {
      status: 'rejected',
      reason: `user ${user.entity.id} belongs to no account, so it cannot act as its account`,
    };
  }
  touched.account(account);
  return { status: 'resolved', subject: { type: 'account', account } };
}

/** Cases 2 and 3 (and 5 for accounts). */
function actAsAccount(
  { state, payload, touched, create, at }: Request,
  userClaims: UserClaims | undefined,
): SubjectResult {
  const asAccount = payload['io.hull.asAccount'];
  const { claims, refused } = parseAccountClaims(present(asAccount) ? asAccount : payload.sub);
  if (claims === undefined) {
    return { status: 'rejected', reason: refused ?? 'no usable account claims in io.hull.asAccount / sub' };
  }
  const account = settle(state, resolveAccount(state.store, claims, create, at), 'account');
  if ('result' in account) return account.result;
  touched.account(account.entity);
  if (userClaims !== undefined) {
    // Case 3: link the user to the account.
    const user = settle(state, resolveUser(state.store, userClaims, create, at), 'user');
    if ('result' in user) return user.result;
    if (user.entity.account_id !== account.entity.id) {
      state.store.link(user.entity, account.entity.id);
      user.entity.updated_at = at;
      state.counters.links += 1;
    }
    touched.user(user.entity);
  }
  return { status: 'resolved', subject: { type: 'account', account: account.entity } };
}

export function resolveSubject(state: HullState, payload: Record<string, unknown>, touched: Touched): SubjectResult {
  const request: Request = { state, payload, touched, create: payload['io.hull.create'] !== false, at: state.nowIso() };
  if (subjectTypeOf(payload) === 'user') return actAsUser(request);
  const hasUser = present(payload['io.hull.asUser']);
  const userClaims = parseUserClaims(payload['io.hull.asUser']);
  if (hasUser && userClaims === undefined) {
    return { status: 'rejected', reason: 'no usable user claims in io.hull.asUser' };
  }
  if (userClaims !== undefined && !present(payload['io.hull.asAccount'])) return actAsUsersAccount(request, userClaims);
  return actAsAccount(request, userClaims);
}
