import { Context } from '@temporalio/activity';
import { activityCall } from '../call-options';
import type { ConnectorSettings } from '../../config/connector-settings';
import type { Traits } from '../../hull/firehose-batch';
import type { UserUpdateMessage } from '../../hull/notifications';
import type { CallOptions } from '../../intercom/client';
import { conflictingContactId } from '../../intercom/errors';
import { attributeGroup, type ContactRole } from '../../sync/incoming/identity';
import {
  buildCompanyFields,
  changedFields,
  contactClaimValues,
  contactTagChanges,
  decideUserTarget,
  EventTimeError,
  eventsToSend,
  intercomEventKey,
  leadConversionDecision,
  mergeFingerprint,
  parseFingerprint,
  serializeFingerprint,
  toIntercomBody,
  toIntercomEvent,
  appliedTagsAfter,
  withKnownTags,
  type ContactFields,
  type TagChanges,
} from '../../sync/outgoing';
import { buildContactFields } from '../../sync/outgoing/contact-payload';
import { readString, storedContactId } from '../../sync/outgoing/hull-values';
import type { ContactSyncResult, ContactSyncState, PendingUserUpdate } from '../../workflows/outgoing-types';
import type { ActivityDeps } from '../deps';
import { ensureDataAttributes } from './ensure-data-attributes';
import { findContact, isGone } from './find-contact';
import type { OutgoingGate } from './outgoing-gate';

/** The Hull attribute holding the per-field hashes of what was last sent for the role. */
export const fingerprintAttribute = (role: ContactRole) => `${attributeGroup(role)}/sync_fingerprint`;

const REMEMBERED_EVENTS = 500;

interface Written {
  id: string;
  created: boolean;
  fields: ContactFields;
  /** false when the previous fingerprint no longer applies (a different contact was resolved). */
  fingerprintBase: Record<string, string> | undefined;
}

/**
 * Writes one Hull user to Intercom as a user or lead, with as few requests as the state allows:
 * the stored Intercom id and fingerprint make a steady-state update one PUT of only the changed
 * fields, or nothing at all. Without an id: resolve (external_id, then search per claim), update or
 * create; a 409 on create names the existing contact, which is then updated — never a duplicate,
 * never a failure. Then tags, company link and events; the Intercom id and the new fingerprint are
 * stored back on the Hull profile.
 */
export function createUserSyncActivities(deps: ActivityDeps & { gate: OutgoingGate }) {
  const { intercom, lookups, hull, settings: settingsProvider, gate } = deps;

  async function writeContact(
    update: PendingUserUpdate,
    state: ContactSyncState,
    role: ContactRole,
    fields: ContactFields,
    settings: ConnectorSettings,
    call: CallOptions,
    notes: string[],
  ): Promise<Written> {
    const { message } = update;
    const stored = (state.role === role ? state.intercomId : undefined) ?? storedContactId(message, role);
    if (stored !== undefined) {
      // Workflow state is the freshest record of what was sent; the Hull attribute covers a new workflow.
      const previous =
        state.role === role && state.intercomId === stored
          ? state.fingerprint
          : parseFingerprint(message.user[fingerprintAttribute(role)]);
      const changes = changedFields(fields, previous);
      if (Object.keys(changes).length === 0)
        return { id: stored, created: false, fields: {}, fingerprintBase: previous };
      try {
        await intercom.updateContact(stored, { role, ...toIntercomBody(changes) }, call);
        return { id: stored, created: false, fields: changes, fingerprintBase: previous };
      } catch (error) {
        if (!isGone(error)) throw error;
        notes.push(`the stored Intercom contact ${stored} is gone (deleted or merged): resolving again`);
      }
    }
    const found = await findContact(intercom, message, role, settings, call, stored);
    if (found !== undefined) {
      if (found.note) notes.push(found.note);
      await intercom.updateContact(found.contact.id, { role, ...toIntercomBody(fields) }, call);
      return { id: found.contact.id, created: false, fields, fingerprintBase: undefined };
    }
    try {
      const created = await intercom.createContact({ role, ...toIntercomBody(fields) }, call);
      return { id: created.id, created: true, fields, fingerprintBase: undefined };
    } catch (error) {
      // Search lags behind creations by minutes: a 409 names the contact we could not find yet.
      const conflict = conflictingContactId(error);
      if (conflict === undefined) throw error;
      notes.push(
        `Intercom already had this ${role} (409 conflict, id ${conflict.id}${conflict.archived ? ', archived' : ''}): updated it`,
      );
      if (conflict.archived)
        await intercom.transport.request({ method: 'POST', path: `/contacts/${conflict.id}/unarchive`, ...call });
      await intercom.updateContact(conflict.id, { role, ...toIntercomBody(fields) }, call);
      return { id: conflict.id, created: false, fields, fingerprintBase: undefined };
    }
  }

  /**
   * Mirrors synchronized segments as tags. What the contact carries is known from the incoming sync
   * (`intercom_<role>/tags`) and from the tags this workflow applied itself, whichever is fresher.
   */
  async function applyTags(
    update: PendingUserUpdate,
    role: ContactRole,
    contactId: string,
    isNew: boolean,
    known: string[] | undefined,
    settings: ConnectorSettings,
    call: CallOptions,
  ): Promise<{ changes: TagChanges; tags: string[] }> {
    const user = withKnownTags(update.message.user, `${attributeGroup(role)}/tags`, known);
    const message = { ...update.message, user };
    const changes = contactTagChanges(message, role, settings, {
      isNewContact: isNew,
      organisationSegments: update.organisationSegments,
    });
    for (const name of changes.add) await intercom.tagContacts(name, [contactId], call);
    for (const name of changes.remove) {
      const tagId = await lookups.tagId(name, call);
      if (tagId === undefined) continue;
      try {
        await intercom.untagContact(contactId, tagId, call);
      } catch (error) {
        if (!isGone(error)) throw error; // already untagged
      }
    }
    const tags = appliedTagsAfter(known, changes, isNew);
    return { changes, tags };
  }

  /** link_users_in_service: upsert the user's account as a company and attach the contact (once). */
  async function linkCompany(
    message: UserUpdateMessage,
    contactId: string,
    state: ContactSyncState,
    settings: ConnectorSettings,
    call: CallOptions,
    notes: string[],
  ) {
    if (!settings.link_users_in_service || !message.account?.id) return state.linkedCompanyId;
    const { companyId, fields } = buildCompanyFields(message.account, settings);
    if (companyId === undefined) {
      notes.push('not linked to a company: the account has no external_id (account_claims maps it to company_id)');
      return state.linkedCompanyId;
    }
    const known = readString(message.account, 'intercom/id');
    if (known !== undefined && known === state.linkedCompanyId) return known;
    const ensured = await ensureDataAttributes(intercom, lookups, fields, 'company', call);
    // Fields never sent yet: absent attributes (null) are left out rather than cleared.
    const body = toIntercomBody(changedFields(ensured.fields, undefined));
    const company = known ?? (await intercom.upsertCompany({ company_id: companyId, ...body }, call)).id;
    await intercom.attachContactToCompany(contactId, company, call);
    return company;
  }

  async function sendEvents(
    message: UserUpdateMessage,
    contactId: string,
    state: ContactSyncState,
    settings: ConnectorSettings,
    call: CallOptions,
    notes: string[],
  ) {
    const sent = new Set(state.sentEventKeys ?? []);
    for (const event of eventsToSend(message, settings)) {
      const key = intercomEventKey(event);
      if (sent.has(key)) continue;
      try {
        const { body, dropped } = toIntercomEvent(event, { id: contactId });
        await intercom.submitEvent({ ...body }, call);
        if (dropped.length > 0)
          notes.push(`event "${event.event}": metadata dropped (Intercom keeps 10 flat keys): ${dropped.join(', ')}`);
      } catch (error) {
        if (!(error instanceof EventTimeError)) throw error;
        notes.push(`event "${event.event}" not sent: ${error.message}`);
      }
      sent.add(key);
    }
    return [...sent].slice(-REMEMBERED_EVENTS);
  }

  return {
    async syncHullUserToIntercom(input: {
      update: PendingUserUpdate;
      state: ContactSyncState;
    }): Promise<ContactSyncResult> {
      const context = Context.current();
      const call = activityCall('live');
      const { meter } = call;
      return gate.run(async () => {
        const settings = await settingsProvider.current();
        const { update, state } = input;
        const { message } = update;
        const target = decideUserTarget(message, settings, { isExport: update.isExport });
        if (target.kind === 'skip') return { outcome: 'skipped', reason: target.reason, state, requests: 0, notes: [] };

        const role = target.role;
        const notes: string[] = [];
        if (target.kind === 'untag-only') {
          const id = (state.role === role ? state.intercomId : undefined) ?? storedContactId(message, role);
          if (id === undefined) return { outcome: 'untagged', reason: target.reason, state, requests: 0, notes };
          const { tags } = await applyTags(update, role, id, false, state.tags, settings, call);
          return {
            outcome: 'untagged',
            reason: target.reason,
            state: { ...state, tags },
            requests: meter.requests,
            notes,
          };
        }

        const claims = contactClaimValues(message, role, settings);
        const knownId = (state.role === role ? state.intercomId : undefined) ?? storedContactId(message, role);
        if (knownId === undefined && Object.keys(claims).length === 0) {
          // A contact with no email or external_id could never be matched again: it would be junk.
          const strategy = role === 'user' ? 'user_claims' : 'lead_claims';
          return {
            outcome: 'skipped',
            reason: `no identity to send: ${strategy} finds no value on the profile`,
            state,
            requests: 0,
            notes: [],
          };
        }
        const built = buildContactFields(message, role, settings);
        notes.push(...built.notes);
        const ensured = await ensureDataAttributes(intercom, lookups, built.fields, 'contact', call);
        notes.push(...ensured.notes);
        context.heartbeat();

        const written = await writeContact(update, state, role, ensured.fields, settings, call, notes);
        const known = state.role === role && state.intercomId === written.id ? state.tags : undefined;
        const { changes: tagChanges, tags } = await applyTags(
          update,
          role,
          written.id,
          written.created,
          known,
          settings,
          call,
        );
        const linkedCompanyId = await linkCompany(message, written.id, state, settings, call, notes);
        const sentEventKeys = await sendEvents(message, written.id, state, settings, call, notes);
        context.heartbeat();

        const fingerprint = mergeFingerprint(written.fingerprintBase, written.fields);
        const nextState: ContactSyncState = {
          role,
          intercomId: written.id,
          fingerprint,
          sentEventKeys,
          linkedCompanyId,
          tags,
        };

        // Store the id and what was sent on the profile, so the next write needs one request (or none).
        const writeBack: Traits = {};
        if (storedContactId(message, role) !== written.id) writeBack[`${attributeGroup(role)}/id`] = written.id;
        const serialized = serializeFingerprint(fingerprint);
        if (message.user[fingerprintAttribute(role)] !== serialized) writeBack[fingerprintAttribute(role)] = serialized;
        if (Object.keys(writeBack).length > 0) {
          const batch = hull.batch();
          batch.userTraits({ id: message.user.id }, writeBack);
          await batch.flush(context.cancellationSignal);
        }

        const conversion = leadConversionDecision(message, target, settings);
        const changedSomething =
          Object.keys(written.fields).length > 0 || tagChanges.add.length + tagChanges.remove.length > 0;
        return {
          outcome: written.created ? 'created' : changedSomething ? 'updated' : 'unchanged',
          state: nextState,
          requests: meter.requests,
          notes,
          conversion: conversion.convert ? { leadId: conversion.leadId, userId: written.id } : undefined,
        };
      });
    },
  };
}
