import { continueAsNew, executeChild } from '@temporalio/workflow';
import { describeFailure } from '../shared/failures';
import type { HullUserSyncInput } from '../shared/inputs';
import type { ContactSyncState, PendingUserUpdate } from '../shared/outgoing';
import { hullUserUpdateSignal } from '../shared/signals';
import { workflowIds } from '../shared/workflow-ids';
import { coalesceUserUpdates } from '../sync/outgoing/coalesce';
import { intercomActivities } from './activity-proxies';
import { convertLeadWorkflow } from './convert-lead';
import { runOutgoingEntity, type WriteOutcome } from './outgoing-entity';

/**
 * One per Hull user, started or signalled by the Hull notification endpoint (signal-with-start on the
 * user's id): the single writer of that user to Intercom. Updates are coalesced while a write is in
 * flight; two concurrent updates can never create two contacts. A lead that now qualifies as a user is merged by a child workflow (convert_leads).
 */
export async function hullUserSyncWorkflow(input: HullUserSyncInput): Promise<ContactSyncState> {
  const { syncHullUserToIntercom } = intercomActivities();
  const { hullUserId, connectorId } = input;

  async function write(update: PendingUserUpdate, state: ContactSyncState): Promise<WriteOutcome<ContactSyncState>> {
    const written = await syncHullUserToIntercom({ update, state });
    const { conversion, ...result } = written;
    if (conversion === undefined) return result;
    try {
      await executeChild(convertLeadWorkflow, {
        workflowId: workflowIds.convertLead(connectorId, conversion.leadId),
        args: [{ hullUserId, ...conversion }],
      });
    } catch (error) {
      // The user was written; only the merge failed: keep the state, list the failure for a re-drive.
      return { ...result, failed: { reason: `lead conversion failed: ${describeFailure(error).reason}` } };
    }
    return {
      ...result,
      state: { ...result.state, convertedLeadId: conversion.leadId },
      also: `lead ${conversion.leadId} merged into user ${conversion.userId}`,
    };
  }

  return runOutgoingEntity({
    carried: input,
    initialState: {},
    entity: 'user',
    describe: { key: hullUserId, what: `Hull user ${hullUserId} → Intercom` },
    updateSignal: hullUserUpdateSignal,
    merge: (older, newer) => ({ ...newer, message: coalesceUserUpdates(older.message, newer.message) }),
    write,
    continueAsNew: (carry) => continueAsNew<typeof hullUserSyncWorkflow>({ hullUserId, connectorId, ...carry }),
  });
}
