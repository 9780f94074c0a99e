import { continueAsNew, defineSignal, setHandler, upsertMemo, upsertSearchAttributes } from '@temporalio/workflow';
import { coalesceAccountUpdates } from '../sync/outgoing/coalesce';
import { SYNC_ENTITY, SYNC_KIND } from '../temporal/search-attributes';
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
  const written: string[] = [];
  upsertSearchAttributes([
    { key: SYNC_KIND, value: 'outgoing' },
    { key: SYNC_ENTITY, value: 'account' },
  ]);
  return runCoalescingLoop<PendingAccountUpdate, CompanySyncState>({
    initial: input,
    onUpdate: (accept) => setHandler(hullAccountUpdateSignal, accept),
    merge: (older, newer) => ({
      ...newer,
      message: coalesceAccountUpdates(older.message, newer.message),
      notificationIds: [...older.notificationIds, ...newer.notificationIds].slice(-50),
    }),
    describe: { key: input.hullAccountId, what: `Hull account ${input.hullAccountId} → Intercom company` },
    continueAsNew: (next) => continueAsNew<typeof hullAccountSyncWorkflow>({ ...input, ...next }),
    async write(update, state) {
      const result = await syncHullAccountToIntercom({ update, state });
      const summary = `${result.outcome}${result.reason ? `: ${result.reason}` : ''} (${result.requests} Intercom requests)`;
      written.push(...update.notificationIds);
      written.splice(0, Math.max(0, written.length - 50));
      upsertMemo({
        lastWrite: { ...result, state: undefined, summary, notificationIds: update.notificationIds },
        written,
      });
      return { state: result.state, summary };
    },
  });
}
