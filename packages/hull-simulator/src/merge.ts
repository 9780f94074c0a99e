/**
 * Merging two entities that a message's claims proved to be the same ("the platform may
 * merge them"). The protocol leaves the rules open; the simulator's rule:
 * - the entity found by the strongest claim survives (id > external_id > email/domain > anonymous_id);
 * - the survivor keeps its own values; the merged-away entity only fills gaps (identity fields,
 *   attributes, the user's account); anonymous ids are united; events move to the survivor;
 * - the merged-away id keeps resolving to the survivor (REST, `id` claims);
 * - users get a "User merged" event stamped, as the hull.io docs describe.
 * Whether two entities may merge at all is decided by identity.ts (`canMerge`).
 */
import type { HullStore } from './store';
import type { HullAccount, HullUser } from './types';

function earliest(a: string, b: string): string {
  return Date.parse(a) <= Date.parse(b) ? a : b;
}

function fillTraits(winner: HullUser | HullAccount, loser: HullUser | HullAccount): void {
  for (const [name, value] of Object.entries(loser.traits)) {
    if (!(name in winner.traits)) winner.traits[name] = value;
  }
}

export function mergeUsers(store: HullStore, winner: HullUser, loser: HullUser, at: string): void {
  const loserAccount = loser.account_id;
  store.link(loser, null);
  store.users.remove(loser);
  if (winner.external_id === null && loser.external_id !== null) {
    store.users.setKey(winner, 'external_id', loser.external_id);
  }
  if (winner.email === null && loser.email !== null) store.users.setKey(winner, 'email', loser.email);
  for (const anonymousId of loser.anonymous_ids) store.users.addAnonymousId(winner, anonymousId);
  fillTraits(winner, loser);
  if (winner.account_id === null && loserAccount !== null) store.link(winner, loserAccount);
  store.moveEvents(loser.id, winner.id);
  store.users.recordMerge(loser.id, winner.id);
  winner.created_at = earliest(winner.created_at, loser.created_at);
  winner.updated_at = at;
  store.upsertEvent({
    event_id: `hull:merge:${loser.id}:${winner.id}`,
    user_id: winner.id,
    event: 'User merged',
    properties: { merged_id: loser.id },
    created_at: at,
    source: 'hull',
    type: 'merge',
    context: {},
    app_id: null,
  });
}

export function mergeAccounts(store: HullStore, winner: HullAccount, loser: HullAccount, at: string): void {
  const members = store.usersOfAccount(loser.id);
  store.accounts.remove(loser);
  if (winner.external_id === null && loser.external_id !== null) {
    store.accounts.setKey(winner, 'external_id', loser.external_id);
  }
  if (winner.domain === null && loser.domain !== null) store.accounts.setKey(winner, 'domain', loser.domain);
  for (const anonymousId of loser.anonymous_ids) store.accounts.addAnonymousId(winner, anonymousId);
  fillTraits(winner, loser);
  for (const user of members) store.link(user, winner.id);
  store.accounts.recordMerge(loser.id, winner.id);
  winner.created_at = earliest(winner.created_at, loser.created_at);
  winner.updated_at = at;
}
