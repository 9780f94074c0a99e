import { continueAsNew, setHandler } from '@temporalio/workflow';
import type { HullAccountSyncInput } from '../shared/inputs';
import type { CompanySyncState, PendingAccountUpdate } from '../shared/outgoing';
import { hullAccountUpdateSignal } from '../shared/signals';
import { coalesceAccountUpdates } from '../sync/outgoing/coalesce';
import { intercomActivities } from './activity-proxies';
import { runCoalescingLoop } from './coalescing-loop';

/** One per Hull account: the single writer of that account to Intercom as a company (see hull-user-sync.ts). */
export async function hullAccountSyncWorkflow(input: HullAccountSyncInput): Promise<CompanySyncState> {
  const { syncHullAccountToIntercom } = intercomActivities();
  return runCoalescingLoop<PendingAccountUpdate, CompanySyncState>({
    initial: input,
    entity: 'account',
    onUpdate: (accept) => setHandler(hullAccountUpdateSignal, accept),
    merge: (older, newer) => ({ ...newer, message: coalesceAccountUpdates(older.message, newer.message) }),
    describe: { key: input.hullAccountId, what: `Hull account ${input.hullAccountId} → Intercom company` },
    continueAsNew: (next) => continueAsNew<typeof hullAccountSyncWorkflow>({ ...input, ...next }),
    write: (update, state) => syncHullAccountToIntercom({ update, state }),
  });
}
