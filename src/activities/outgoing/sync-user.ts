import { Context } from '@temporalio/activity';
import { activityCall } from '../call-options';
import { checkpoint, previousCheckpoint } from '../heartbeat';
import type { ConnectorSettings } from '../../config/connector-settings';
import type { UserUpdateMessage } from '../../hull/notifications';
import type { CallOptions } from '../../intercom/client';
import { conflictingContactId, isGoneError } from '../../intercom/errors';
import { attributeGroup, COMPANY_GROUP, type ContactRole } from '../../sync/incoming/identity';
import {
  appliedTagsAfter,
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
  writeBackTraits,
  toIntercomBody,
  toIntercomEvent,
  withKnownTags,
  type ContactFields,
  type TagChanges,
} from '../../sync/outgoing';
import { buildContactFields } from '../../sync/outgoing/contact-payload';
import { readString, storedContactId } from '../../sync/outgoing/hull-values';
import type { ContactSyncResult, ContactSyncState, PendingUserUpdate } from '../../shared/outgoing';
import type { ActivityDeps } from '../deps';
import { ensureDataAttributes } from './ensure-data-attributes';
import { findContact } from './find-contact';
import type { OutgoingGate } from './outgoing-gate';

/** The Hull attribute holding the per-field hashes of what was last sent for the role. */
export const fingerprintAttribute = (role: ContactRole) => `${attributeGroup(role)}/sync_fingerprint`;

const REMEMBERED_EVENTS = 500;

/** One write of one Hull user, as one role: what every step below reads and reports into. */
interface UserWrite {
  message: UserUpdateMessage;
  update: PendingUserUpdate;
  state: ContactSyncState;
  role: ContactRole;
  settings: ConnectorSettings;
  call: CallOptions;
  notes: string[];
}

interface Written {
  id: string;
  created: boolean;
  fields: ContactFields;
  /** undefined when the previous fingerprint no longer applies (a different contact was resolved). */
  fingerprintBase: Record<string, string> | undefined;
}

/** What a previous attempt of this write recorded right after creating the contact. */
interface CreatedCheckpoint {
  createdContactId: string;
  role: ContactRole;
}

/** The contact id this workflow or the Hull profile already knows for the role. */
const knownContactId = (w: Pick<UserWrite, 'state' | 'role' | 'message'>) =>
  (w.state.role === w.role ? w.state.intercomId : undefined) ?? storedContactId(w.message, w.role);

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

  async function writeContact(w: UserWrite, fields: ContactFields): Promise<Written> {
    const { role, call, notes } = w;
    const stored = knownContactId(w);
    if (stored !== undefined) {
      // Workflow state is the freshest record of what was sent; the Hull attribute covers a new workflow.
      const previous =
        w.state.role === role && w.state.intercomId === stored
          ? w.state.fingerprint
          : parseFingerprint(w.message.user[fingerprintAttribute(role)]);
      const changes = changedFields(fields, previous);
      if (Object.keys(changes).length === 0)
        return { id: stored, created: false, fields: {}, fingerprintBase: previous };
      try {
        await intercom.updateContact(stored, { role, ...toIntercomBody(changes) }, call);
        return { id: stored, created: false, fields: changes, fingerprintBase: previous };
      } catch (error) {
        if (!isGoneError(error)) throw error;
        notes.push(`the stored Intercom contact ${stored} is gone (deleted or merged): resolving again`);
      }
    }
    const found = await findContact(intercom, w.message, role, w.settings, call, stored);
    if (found !== undefined) {
      if (found.note) notes.push(found.note);
      await intercom.updateContact(found.contact.id, { role, ...toIntercomBody(fields) }, call);
      return { id: found.contact.id, created: false, fields, fingerprintBase: undefined };
    }
    try {
      const created = await intercom.createContact({ role, ...toIntercomBody(fields) }, call);
      // If anything after this fails, the retry must update this contact, not create another: leads
      // may share an email, so no 409 would stop a second one.
      checkpoint({ createdContactId: created.id, role } satisfies CreatedCheckpoint);
      return { id: created.id, created: true, fields, fingerprintBase: undefined };
    } catch (error) {
      // Search lags behind creations by minutes: a 409 names the contact we could not find yet.
      const conflict = conflictingContactId(error);
      if (conflict === undefined) throw error;
      const archived = conflict.archived ? ', archived' : '';
      notes.push(`Intercom already had this ${role} (409 conflict, id ${conflict.id}${archived}): updated it`);
      if (conflict.archived) await intercom.unarchiveContact(conflict.id, call);
      await intercom.updateContact(conflict.id, { role, ...toIntercomBody(fields) }, call);
      return { id: conflict.id, created: false, fields, fingerprintBase: undefined };
    }
  }

  /**
   * Mirrors synchronized segments as tags. What the contact carries is known from the incoming sync
   * (`intercom_<role>/tags`) and from the tags this workflow applied itself, whichever is fresher.
   */
  async function applyTags(
    w: UserWrite,
    contactId: string,
    isNew: boolean,
  ): Promise<{ changes: TagChanges; tags: string[] }> {
    const known = w.state.role === w.role && w.state.intercomId === contactId ? w.state.tags : undefined;
    const user = withKnownTags(w.message.user, `${attributeGroup(w.role)}/tags`, known);
    const changes = contactTagChanges({ ...w.message, user }, w.role, w.settings, {
      isNewContact: isNew,
      organisationSegments: w.update.organisationSegments,
    });
    for (const name of changes.add) await intercom.tagContacts(name, [contactId], w.call);
    for (const name of changes.remove) {
      const tagId = await lookups.tagId(name, w.call);
      if (tagId === undefined) continue;
      try {
        await intercom.untagContact(contactId, tagId, w.call);
      } catch (error) {
        if (!isGoneError(error)) throw error; // already untagged
      }
    }
    return { changes, tags: appliedTagsAfter(known, changes, isNew) };
  }

  /** link_users_in_service: upsert the user's account as a company and attach the contact (once). */
  async function linkCompany(w: UserWrite, contactId: string): Promise<string | undefined> {
    const { message, state, settings, call } = w;
    if (!settings.link_users_in_service || !message.account?.id) return state.linkedCompanyId;
    const { companyId, fields } = buildCompanyFields(message.account, settings);
    if (companyId === undefined) {
      w.notes.push('not linked to a company: the account has no external_id (account_claims maps it to company_id)');
      return state.linkedCompanyId;
    }
    const known = readString(message.account, `${COMPANY_GROUP}/id`);
    if (known !== undefined && known === state.linkedCompanyId) return known;
    const company = known ?? (await upsertAccountCompany(companyId, fields, call));
    await intercom.attachContactToCompany(contactId, company, call);
    return company;
  }

  /** The account's company, not written yet: created with every mapped field that has a value. */
  async function upsertAccountCompany(companyId: string, fields: ContactFields, call: CallOptions) {
    const ensured = await ensureDataAttributes(intercom, lookups, fields, 'company', call);
    // Fields never sent yet: absent attributes (null) are left out rather than cleared.
    const body = toIntercomBody(changedFields(ensured.fields, undefined));
    return (await intercom.upsertCompany({ company_id: companyId, ...body }, call)).id;
  }

  /** Whitelisted events, each once (Intercom would dedupe identical ones too, but still count the request). */
  async function sendEvents(w: UserWrite, contactId: string): Promise<string[]> {
    const sent = new Set(w.state.sentEventKeys ?? []);
    for (const event of eventsToSend(w.message, w.settings)) {
      const key = intercomEventKey(event);
      if (sent.has(key)) continue;
      try {
        const { body, dropped } = toIntercomEvent(event, { id: contactId });
        await intercom.submitEvent({ ...body }, w.call);
        if (dropped.length > 0) {
          w.notes.push(`event "${event.event}": metadata dropped (Intercom keeps 10 flat keys): ${dropped.join(', ')}`);
        }
      } catch (error) {
        if (!(error instanceof EventTimeError)) throw error;
        w.notes.push(`event "${event.event}" not sent: ${error.message}`);
      }
      sent.add(key);
    }
    return [...sent].slice(-REMEMBERED_EVENTS);
  }

  /** Stores the Intercom id and what was sent on the profile, so the next write needs one request (or none). */
  async function storeBack(w: UserWrite, contactId: string, fingerprint: Record<string, string>, signal: AbortSignal) {
    const writeBack = writeBackTraits(
      { attribute: `${attributeGroup(w.role)}/id`, stored: storedContactId(w.message, w.role), value: contactId },
      {
        attribute: fingerprintAttribute(w.role),
        stored: w.message.user[fingerprintAttribute(w.role)],
        value: fingerprint,
      },
    );
    if (Object.keys(writeBack).length === 0) return;
    const batch = hull.batch();
    batch.userTraits({ id: w.message.user.id }, writeBack);
    await batch.flush(signal);
  }

  return {
    async syncHullUserToIntercom(input: {
      update: PendingUserUpdate;
      state: ContactSyncState;
    }): Promise<ContactSyncResult> {
      const context = Context.current();
      const call = activityCall('live');
      return gate.run(async () => {
        const settings = await settingsProvider.current();
        const { update, state } = input;
        const target = decideUserTarget(update.message, settings, { isExport: update.isExport });
        if (target.kind === 'skip') return { outcome: 'skipped', reason: target.reason, state, requests: 0, notes: [] };
        const resumed = previousCheckpoint<CreatedCheckpoint>();
        const known =
          resumed?.role === target.role
            ? { ...state, role: resumed.role, intercomId: resumed.createdContactId, fingerprint: undefined }
            : state;
        const w: UserWrite = {
          message: update.message,
          update,
          state: known,
          role: target.role,
          settings,
          call,
          notes: [],
        };
        const result = (
          outcome: ContactSyncResult['outcome'],
          extra: Partial<ContactSyncResult> = {},
        ): ContactSyncResult => ({
          outcome,
          state,
          requests: call.meter.requests,
          notes: w.notes,
          ...extra,
        });

        if (target.kind === 'untag-only') {
          const id = knownContactId(w);
          if (id === undefined) return result('untagged', { reason: target.reason });
          const { tags } = await applyTags(w, id, false);
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

        const built = buildContactFields(w.message, w.role, settings);
        const ensured = await ensureDataAttributes(intercom, lookups, built.fields, 'contact', call);
        w.notes.push(...built.notes, ...ensured.notes);

        const written = await writeContact(w, ensured.fields);
        const { changes: tagChanges, tags } = await applyTags(w, written.id, written.created);
        const linkedCompanyId = await linkCompany(w, written.id);
        const sentEventKeys = await sendEvents(w, written.id);

        const fingerprint = mergeFingerprint(written.fingerprintBase, written.fields);
        await storeBack(w, written.id, fingerprint, context.cancellationSignal);

        const decision = leadConversionDecision(w.message, target, settings);
        const conversion = decision.convert && decision.leadId !== state.convertedLeadId ? decision : undefined;
        const changed = Object.keys(written.fields).length > 0 || tagChanges.add.length + tagChanges.remove.length > 0;
        return result(written.created ? 'created' : changed ? 'updated' : 'unchanged', {
          state: {
            role: w.role,
            intercomId: written.id,
            fingerprint,
            sentEventKeys,
            linkedCompanyId,
            tags,
            convertedLeadId: state.convertedLeadId,
          },
          conversion: conversion && { leadId: conversion.leadId, userId: written.id },
        });
      });
    },
  };
}
