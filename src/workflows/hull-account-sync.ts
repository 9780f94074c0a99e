import { continueAsNew, defineSignal, setHandler } from '@temporalio/workflow';
import { coalesceAccountUpdates } from '../sync/outgoing/coalesce';
import { intercomActivities } from './activity-proxies';
import { runCoalescingLoop, type CoalescingState } from './coalescing-loop';
import type { CompanySyncState, PendingAccountUpdate } from './outgoing-types';

export const hullAccountUpdateSignal = defineSignal<[PendingAccountUpdate]>('hullAccountUpdate');

export interface HullAccountSyncInput extends CoalescingState<PendingAccountUpdate, CompanySyncState> {
  hullAccountId: string;
}

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
