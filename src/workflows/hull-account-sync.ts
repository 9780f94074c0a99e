import { continueAsNew } from '@temporalio/workflow';
import type { HullAccountSyncInput } from '../shared/inputs';
import type { CompanySyncState } from '../shared/outgoing';
import { hullAccountUpdateSignal } from '../shared/signals';
import { coalesceAccountUpdates } from '../sync/outgoing/coalesce';
import { intercomActivities } from './activity-proxies';
import { runOutgoingEntity } from './outgoing-entity';

/** One per Hull account: the single writer of that account to Intercom as a company (see hull-user-sync.ts). */
export async function hullAccountSyncWorkflow(input: HullAccountSyncInput): Promise<CompanySyncState> {
  const { syncHullAccountToIntercom } = intercomActivities();
  const { hullAccountId } = input;
  return runOutgoingEntity({
    carried: input,
    initialState: {},
    entity: 'account',
    describe: { key: hullAccountId, what: `Hull account ${hullAccountId} → Intercom company` },
    updateSignal: hullAccountUpdateSignal,
    merge: (older, newer) => ({ ...newer, message: coalesceAccountUpdates(older.message, newer.message) }),
    write: (update, state) => syncHullAccountToIntercom({ update, state }),
    continueAsNew: (carry) => continueAsNew<typeof hullAccountSyncWorkflow>({ hullAccountId, ...carry }),
  });
}
