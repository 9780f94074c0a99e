import {
  defineSignal,
  executeChild,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  continueAsNew,
} from '@temporalio/workflow';
import { coalesceUserUpdates } from '../sync/outgoing/coalesce';
import { SYNC_ENTITY, SYNC_KIND } from '../temporal/search-attributes';
import { workflowIds } from '../temporal/workflow-ids';
import { intercomActivities } from './activity-proxies';
import { runCoalescingLoop, type CoalescingState } from './coalescing-loop';
import { convertLeadWorkflow } from './convert-lead';
import type { ContactSyncState, PendingUserUpdate } from './outgoing-types';

export const hullUserUpdateSignal = defineSignal<[PendingUserUpdate]>('hullUserUpdate');

export interface HullUserSyncInput extends CoalescingState<PendingUserUpdate, ContactSyncState> {
  hullUserId: string;
  connectorId: string;
}

const mergeUpdates = (older: PendingUserUpdate, newer: PendingUserUpdate): PendingUserUpdate => ({
  ...newer,
  message: coalesceUserUpdates(older.message, newer.message),
  notificationIds: [...older.notificationIds, ...newer.notificationIds].slice(-50),
});

/**
 * One per Hull user, started or signalled by the Hull notification endpoint (signal-with-start on the
 * user's id): the single writer of that user to Intercom. Updates are coalesced while a write is in
 * flight; two concurrent updates can never create two contacts. A lead that now qualifies as a user
 * is merged by a child workflow (convert_leads).
 */
export async function hullUserSyncWorkflow(input: HullUserSyncInput): Promise<ContactSyncState> {
  const { syncHullUserToIntercom } = intercomActivities();
  /** Notifications written recently (memo), so operators and tests can tell an update went through. */
  const written: string[] = [];
  upsertSearchAttributes([
    { key: SYNC_KIND, value: 'outgoing' },
    { key: SYNC_ENTITY, value: 'user' },
  ]);
  return runCoalescingLoop<PendingUserUpdate, ContactSyncState>({
    initial: input,
    onUpdate: (accept) => setHandler(hullUserUpdateSignal, accept),
    merge: mergeUpdates,
    describe: { key: input.hullUserId, what: `Hull user ${input.hullUserId} → Intercom` },
    continueAsNew: (next) => continueAsNew<typeof hullUserSyncWorkflow>({ ...input, ...next }),
    async write(update, state) {
      const result = await syncHullUserToIntercom({ update, state });
      let summary = `${result.outcome}${result.reason ? `: ${result.reason}` : ''} (${result.requests} Intercom requests)`;
      if (result.conversion !== undefined) {
        await executeChild(convertLeadWorkflow, {
          workflowId: workflowIds.convertLead(input.connectorId, result.conversion.leadId),
          args: [{ hullUserId: input.hullUserId, ...result.conversion }],
        });
        summary += `; lead ${result.conversion.leadId} merged into user ${result.conversion.userId}`;
      }
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
