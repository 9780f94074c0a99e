import { Context } from '@temporalio/activity';
import type { ConnectorSettings } from '../../config/connector-settings';
import { activityCall } from '../call-options';
import type {
  ContactJustCreated,
  ContactSyncResult,
  ContactSyncState,
  CreatedContact,
  PendingUserUpdate,
  UserWriteResult,
} from '../../shared/outgoing';
import type { ContactRole } from '../../sync/incoming/identity';
import {
  contactClaimValues,
  decideUserTarget,
  leadConversionDecision,
  mergeFingerprint,
  type UserTarget,
} from '../../sync/outgoing';
import { isGoneError } from '../../intercom/errors';
import type { ActivityDeps } from '../deps';
import { createLeadOnce, DEFAULT_SEARCH_INDEX_LAG_MS } from './lead-create';
import type { OutgoingGate } from './outgoing-gate';
import {
  applyContactTags,
  knownContactId,
  linkCompany,
  planContactWrite,
  prepareContactFields,
  sendEvents,
  storeBack,
  storeBackAfterCreate,
  writeContact,
  type UserStepClients,
  type UserWrite,
  type WrittenContact,
} from './user-steps';

export { fingerprintAttribute } from './user-steps';

type Sent = Extract<UserTarget, { kind: 'send' }>;

/**
 * Writes one Hull user to Intercom as a user or lead, with as few requests as the state allows:
 * the stored Intercom id and fingerprint make a steady-state update one PUT of only the changed
 * fields, or nothing at all; without an id a user is created first (a 409 names the existing one)
 * and a lead is looked up (user-steps.ts). A user's write is one activity, create included: a retry
 * after the create gets the 409 and updates. A lead's create is the one step that must not run twice,
 * so it has its own activity, `createHullLead` (lead-create.ts), which stops right after the create:
 * its small result (the id, the fingerprint) is kept by the workflow's history, and the workflow then
 * runs `finishCreatedHullUser` for the tags, company link, events and write-back.
 */
export function createUserSyncActivities(
  deps: ActivityDeps & { gate: OutgoingGate } & Pick<UserStepClients, 'tagBatcher' | 'companyUpserts'>,
) {
  const { settings: settingsProvider, gate } = deps;
  const clients: UserStepClients = deps;
  const searchIndexLagMs = deps.searchIndexLagMs ?? DEFAULT_SEARCH_INDEX_LAG_MS;

  /**
   * Everything after the contact itself: tags, company link, events, write-back, conversion.
   * `storedBack`: the write-back already happened (right after a create).
   */
  async function finish(
    w: UserWrite,
    target: Sent,
    written: WrittenContact,
    requests: () => number,
    storedBack = false,
  ): Promise<ContactSyncResult> {
    const { changes: tagChanges, tags } = await applyContactTags(clients, w, written.id, written.created);
    const linkedCompanyId = await linkCompany(clients, w, written.id);
    const sentEventKeys = await sendEvents(clients, w, written.id);
    const merged = mergeFingerprint(written.fingerprintBase, written.fields);
    const fingerprint = storedBack ? merged : await storeBack(clients, w, written.id, merged, written.record);

    const decision = leadConversionDecision(w.message, target, w.settings);
    const conversion = decision.convert && decision.leadId !== w.state.convertedLeadId ? decision : undefined;
    const changed = Object.keys(written.fields).length > 0 || tagChanges.add.length + tagChanges.remove.length > 0;
    return {
      outcome: written.created ? 'created' : changed ? 'updated' : 'unchanged',
      state: {
        role: w.role,
        intercomId: written.id,
        fingerprint,
        sentEventKeys,
        linkedCompanyId,
        tags,
        convertedLeadId: w.state.convertedLeadId,
      },
      requests: requests(),
      notes: w.notes,
      conversion: conversion && { leadId: conversion.leadId, userId: written.id },
    };
  }

  /** The created contact as Intercom holds it, for a write-back that could not follow the create. */
  async function createdContactRecord(id: string, w: UserWrite) {
    try {
      return await deps.intercom.getContact(id, w.call);
    } catch (error) {
      if (isGoneError(error)) return undefined;
      throw error;
    }
  }

  /**
   * A contact just created, written back to Hull from the create's answer: the one step allowed
   * right after a create, bounded and never throwing (`wroteBack` says whether it completed).
   */
  async function createdStep(w: UserWrite, written: WrittenContact): Promise<CreatedContact> {
    const fingerprint = mergeFingerprint(undefined, written.fields);
    const stored = await storeBackAfterCreate(clients, w, written, fingerprint);
    return { contactId: written.id, role: w.role, fingerprint: stored ?? fingerprint, wroteBack: stored !== undefined };
  }

  function begin(update: PendingUserUpdate, state: ContactSyncState, role: ContactRole, settings: ConnectorSettings) {
    const call = activityCall('live');
    const w: UserWrite = { message: update.message, update, state, role, settings, call, notes: [] };
    return { w, requests: () => call.meter.requests };
  }

  return {
    async syncHullUserToIntercom(input: {
      update: PendingUserUpdate;
      state: ContactSyncState;
    }): Promise<UserWriteResult> {
      const { update, state } = input;
      return gate.run(async () => {
        const settings = await settingsProvider.current();
        const target = decideUserTarget(update.message, settings, { isExport: update.isExport });
        if (target.kind === 'skip') return { outcome: 'skipped', reason: target.reason, state, requests: 0, notes: [] };
        const { w, requests } = begin(update, state, target.role, settings);
        const result = (
          outcome: ContactSyncResult['outcome'],
          extra: Partial<ContactSyncResult>,
        ): ContactSyncResult => ({
          outcome,
          state,
          requests: requests(),
          notes: w.notes,
          ...extra,
        });

        if (target.kind === 'untag-only') {
          const id = knownContactId(w);
          if (id === undefined) return result('untagged', { reason: target.reason });
          const { tags } = await applyContactTags(clients, w, id, false);
          return result('untagged', { reason: target.reason, state: { ...state, tags } });
        }
        if (
          knownContactId(w) === undefined &&
          Object.keys(contactClaimValues(w.message, w.role, settings)).length === 0
        ) {
          // A contact with no email or external_id could never be matched again: it would be junk.
          const strategy = w.role === 'user' ? 'user_claims' : 'lead_claims';
          return result('skipped', { reason: `no identity to send: ${strategy} finds no value on the profile` });
        }

        if (settings.outgoing_dry_run) {
          // Plan and record the write (memo lastWrite, the workflow's page), send nothing, keep the state.
          const plan = await planContactWrite(clients, w);
          return result('planned', { reason: `outgoing_dry_run: ${plan}` });
        }
        const fields = await prepareContactFields(clients, w);
        const written = await writeContact(clients, w, fields);
        if (written === undefined) return { outcome: 'create-lead', requests: requests(), notes: w.notes };
        if (!written.created) return finish(w, target, written, requests);
        // A user just created (leads are created by createHullLead). Its write-back comes first and
        // never throws; once it is done, the rest follows in this activity (a retry's create would
        // answer 409 naming this user). When it did not complete, the activity stops here with the id
        // and `finishCreatedHullUser` does the rest, reading the contact for its write-back.
        const created = await createdStep(w, written);
        if (!created.wroteBack) return { outcome: 'created', created, requests: requests(), notes: w.notes };
        const stored = { ...written, fields: {}, fingerprintBase: created.fingerprint };
        return finish(w, target, stored, requests, true);
      });
    },

    /**
     * Creates the lead `syncHullUserToIntercom` found no contact for, at most once whatever happens to
     * the answer (lead-create.ts), and stops there unless a 409 named an existing contact.
     */
    async createHullLead(input: {
      update: PendingUserUpdate;
      state: ContactSyncState;
    }): Promise<ContactSyncResult | ContactJustCreated> {
      const { update, state } = input;
      return gate.run(async () => {
        const settings = await settingsProvider.current();
        const { w, requests } = begin(update, state, 'lead', settings);
        const { info } = Context.current();
        const fields = await prepareContactFields(clients, w);
        const written = await createLeadOnce(clients, w, fields, {
          attempt: info.attempt,
          firstScheduledAt: info.scheduledTimestampMs,
          now: Date.now(),
          searchIndexLagMs,
        });
        if (!written.created) return finish(w, { kind: 'send', role: 'lead' }, written, requests);
        // The activity ends here, so history keeps the id before anything else can fail.
        return { outcome: 'created', created: await createdStep(w, written), requests: requests(), notes: w.notes };
      });
    },

    /** The rest of a write whose contact `syncHullUserToIntercom` just created. */
    async finishCreatedHullUser(input: {
      update: PendingUserUpdate;
      state: ContactSyncState;
      created: CreatedContact;
    }): Promise<ContactSyncResult> {
      const { update, state, created } = input;
      return gate.run(async () => {
        const { w, requests } = begin(update, state, created.role, await settingsProvider.current());
        const written: WrittenContact = {
          id: created.contactId,
          created: true,
          fields: {},
          fingerprintBase: created.fingerprint,
          // The write-back after the create did not happen: read the contact for it.
          record: created.wroteBack === true ? undefined : await createdContactRecord(created.contactId, w),
        };
        return finish(w, { kind: 'send', role: created.role }, written, requests, created.wroteBack === true);
      });
    },
  };
}
