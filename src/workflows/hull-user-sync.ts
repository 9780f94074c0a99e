import { continueAsNew, executeChild, setHandler } from '@temporalio/workflow';
import { describeFailure } from '../shared/failures';
import type { HullUserSyncInput } from '../shared/inputs';
import type { ContactSyncState, PendingUserUpdate } from '../shared/outgoing';
import { hullUserUpdateSignal } from '../shared/signals';
import { workflowIds } from '../shared/workflow-ids';
import { coalesceUserUpdates } from '../sync/outgoing/coalesce';
import { intercomActivities } from './activity-proxies';
import { runCoalescingLoop } from './coalescing-loop';
import { convertLeadWorkflow } from './convert-lead';

/**
 * One per Hull user, started or signalled by the Hull notification endpoint (signal-with-start on the
 * user's id): the single writer of that user to Intercom. Updates are coalesced while a write is in
 * flight; two concurrent updates can never create two contacts. A lead that now qualifies as a user
 * is merged by a child workflow (convert_leads).
 */
export async function hullUserSyncWorkflow(input: HullUserSyncInput): Promise<ContactSyncState> {
  const { syncHullUserToIntercom } = intercomActivities();
  return runCoalescingLoop<PendingUserUpdate, ContactSyncState>({
    initial: input,
    entity: 'user',
    onUpdate: (accept) => setHandler(hullUserUpdateSignal, accept),
    merge: (older, newer) => ({ ...newer, message: coalesceUserUpdates(older.message, newer.message) }),
    describe: { key: input.hullUserId, what: `Hull user ${input.hullUserId} → Intercom` },
    continueAsNew: (next) => continueAsNew<typeof hullUserSyncWorkflow>({ ...input, ...next }),
    async write(update, state) {
      const { conversion, ...result } = await syncHullUserToIntercom({ update, state });
      if (conversion === undefined) return result;
      try {
        await executeChild(convertLeadWorkflow, {
          workflowId: workflowIds.convertLead(input.connectorId, conversion.leadId),
          args: [{ hullUserId: input.hullUserId, ...conversion }],
        });
      } catch (error) {
        // The user was written; only the merge failed: keep the state, list the failure for a re-drive.
        return { ...result, failed: `lead conversion failed: ${describeFailure(error).reason}` };
      }
      return {
        ...result,
        state: { ...result.state, convertedLeadId: conversion.leadId },
        also: `lead ${conversion.leadId} merged into user ${conversion.userId}`,
      };
    },
  });
}
