import { continueAsNew, executeChild } from '@temporalio/workflow';
import { describeFailure } from '../shared/failures';
import type { HullUserSyncInput } from '../shared/inputs';
import type { ContactSyncResult, ContactSyncState, PendingUserUpdate } from '../shared/outgoing';
import { hullUserUpdateSignal } from '../shared/signals';
import { workflowIds } from '../shared/workflow-ids';
import { coalesceUserUpdates } from '../sync/outgoing/coalesce';
import { intercomActivities } from './activity-proxies';
import { convertLeadWorkflow } from './convert-lead';
import { runOutgoingEntity, type WriteOutcome } from './outgoing-entity';

/**
 * One per Hull user, started or signalled by the Hull notification endpoint (signal-with-start on the
 * user's id): the single writer of that user to Intercom. Updates are coalesced while a write is in
 * flight; two concurrent updates can never create two contacts. A user is created first (a retry's
 * create answers 409 naming it); a lead no lookup found is created by an activity of its own, then the
 * write continues in another once the id is in history, so the lead is never created twice.
 * A lead that now qualifies as a user is merged by a child workflow (convert_leads).
 */
export async function hullUserSyncWorkflow(input: HullUserSyncInput): Promise<ContactSyncState> {
  const { syncHullUserToIntercom, createHullLead, finishCreatedHullUser } = intercomActivities();
  const { hullUserId, connectorId } = input;

  async function write(update: PendingUserUpdate, state: ContactSyncState): Promise<WriteOutcome<ContactSyncState>> {
    let first = await syncHullUserToIntercom({ update, state });
    if (first.outcome === 'create-lead') {
      // A lead no lookup found: its create has an activity of its own, so an answer lost on the way
      // back is retried by an attempt that knows a create may have happened (never a twin).
      const looked = first;
      const lead = await createHullLead({ update, state });
      first = { ...lead, requests: looked.requests + lead.requests, notes: [...looked.notes, ...lead.notes] };
    }
    let written: ContactSyncResult;
    if ('created' in first) {
      const { created } = first;
      try {
        const rest = await finishCreatedHullUser({ update, state, created });
        written = { ...rest, requests: first.requests + rest.requests, notes: [...first.notes, ...rest.notes] };
      } catch (error) {
        // The contact exists: keep its id, so a re-drive updates it instead of creating a second one.
        const { contactId: intercomId, role, fingerprint } = created;
        const next = { ...state, role, intercomId, fingerprint };
        return {
          outcome: first.outcome,
          requests: first.requests,
          notes: first.notes,
          state: next,
          failed: describeFailure(error),
        };
      }
    } else written = first;

    const { conversion, ...result } = written;
    if (conversion === undefined) return result;
    try {
      await executeChild(convertLeadWorkflow, {
        workflowId: workflowIds.convertLead(connectorId, conversion.leadId),
        args: [{ hullUserId, ...conversion }],
      });
    } catch (error) {
      // The user was written; only the merge failed: keep the state, list the failure for a re-drive.
      const cause = describeFailure(error);
      return { ...result, failed: { ...cause, reason: `lead conversion failed: ${cause.reason}` } };
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
