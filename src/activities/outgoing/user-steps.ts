/**
 * The steps of writing one Hull user to Intercom as a user or lead, each a plain function of the
 * clients and one `UserWrite`, so each can be tested alone against the simulators. The user-sync
 * activities (sync-user.ts) run them in order: fields and data attributes, the contact itself
 * (stored id, resolution, create or 409), tags, company link, events, and the write-back to Hull.
 */
import type { ConnectorSettings } from '../../config/connector-settings';
import type { HullClient } from '../../hull/client';
import type { UserUpdateMessage } from '../../hull/notifications';
import type { CallOptions, IntercomClient } from '../../intercom/client';
import { conflictingContactId, isGoneError } from '../../intercom/errors';
import type { CompanyUpserts } from '../../intercom/company-upserts';
import type { IntercomLookups } from '../../intercom/lookups';
import type { IntercomContact } from '../../intercom/schemas';
import type { TagBatcher } from '../../intercom/tag-batcher';
import type { ContactSyncState, PendingUserUpdate } from '../../shared/outgoing';
import { attributeGroup, COMPANY_GROUP, contactAnonymousId, type ContactRole } from '../../sync/incoming/identity';
import {
  appliedTagsAfter,
  buildCompanyFields,
  changedFields,
  contactClaimValues,
  contactTagChanges,
  EventTimeError,
  eventsToSend,
  intercomEventKey,
  parseFingerprint,
  serializeFingerprint,
  toIntercomBody,
  toIntercomEvent,
  withKnownTags,
  writeBackTraits,
  type ContactFields,
  type Fingerprint,
  type TagChanges,
} from '../../sync/outgoing';
import { buildContactFields } from '../../sync/outgoing/contact-payload';
import { readString, storedContactId } from '../../sync/outgoing/hull-values';
import { contactWriteBack, fingerprintWithWriteBack, withTraitsApplied } from '../../sync/outgoing/write-back';
import { ensureDataAttributes } from './ensure-data-attributes';
import { findContact } from './find-contact';

export interface UserStepClients {
  intercom: IntercomClient;
  lookups: IntercomLookups;
  hull: HullClient;
  /** One tag request for the contacts tagged alike in this process within a moment. */
  tagBatcher: TagBatcher;
  /** One company upsert for the members of one account written within a moment. */
  companyUpserts: CompanyUpserts;
}

/** One write of one Hull user, as one role: what every step reads, and the notes they report. */
export interface UserWrite {
  message: UserUpdateMessage;
  update: PendingUserUpdate;
  state: ContactSyncState;
  role: ContactRole;
  settings: ConnectorSettings;
  call: CallOptions;
  notes: string[];
}

export interface WrittenContact {
  id: string;
  created: boolean;
  /** Intercom's answer to the write, written back to Hull; undefined when nothing was written. */
  record?: IntercomContact;
  /** The fields sent (all of them, or only the changed ones). */
  fields: ContactFields;
  /** undefined when the previous fingerprint no longer applies (a different contact was resolved). */
  fingerprintBase: Record<string, string> | undefined;
}

const REMEMBERED_EVENTS = 500;

/** The Hull attribute holding the per-field hashes of what was last sent for the role. */
export const fingerprintAttribute = (role: ContactRole) => `${attributeGroup(role)}/sync_fingerprint`;

/** The contact id this workflow or the Hull profile already knows for the role. */
export const knownContactId = (w: Pick<UserWrite, 'state' | 'role' | 'message'>) =>
  (w.state.role === w.role ? w.state.intercomId : undefined) ?? storedContactId(w.message, w.role);

/** The mapped fields, with every custom attribute they use existing in Intercom. */
export async function prepareContactFields(clients: UserStepClients, w: UserWrite): Promise<ContactFields> {
  const built = buildContactFields(w.message, w.role, w.settings);
  const ensured = await ensureDataAttributes(clients.intercom, clients.lookups, built.fields, 'contact', w.call);
  w.notes.push(...built.notes, ...ensured.notes);
  return ensured.fields;
}

/**
 * The known contact, updated with only the changed fields (nothing at all when none changed);
 * undefined when Intercom no longer has it (deleted or merged), so the caller resolves again.
 */
export async function updateKnownContact(
  { intercom }: UserStepClients,
  w: UserWrite,
  id: string,
  fields: ContactFields,
): Promise<WrittenContact | undefined> {
  // Workflow state is the freshest record of what was sent; the Hull attribute covers a new workflow.
  const previous =
    w.state.role === w.role && w.state.intercomId === id
      ? w.state.fingerprint
      : parseFingerprint(w.message.user[fingerprintAttribute(w.role)]);
  const changes = changedFields(fields, previous);
  if (Object.keys(changes).length === 0) return { id, created: false, fields: {}, fingerprintBase: previous };
  try {
    const record = await intercom.updateContact(id, { role: w.role, ...toIntercomBody(changes) }, w.call);
    return { id, created: false, fields: changes, fingerprintBase: previous, record };
  } catch (error) {
    if (!isGoneError(error)) throw error;
    w.notes.push(`the stored Intercom contact ${id} is gone (deleted or merged): resolving again`);
    return undefined;
  }
}

/** The claims Intercom enforces uniqueness on for users: a create with one of them answers 409 for a duplicate. */
const UNIQUE_USER_CLAIMS = new Set(['email', 'external_id']);

/**
 * Whether this write creates first and lets a 409 name an existing contact, instead of looking it up
 * first: for users identified by email or external_id only, which Intercom refuses to duplicate. A
 * new user then costs one request, an existing one two (the 409 and the update), against two or three
 * for a lookup first. Leads (Intercom lets leads share an email) and other claims are looked up.
 */
export function createsFirst(w: Pick<UserWrite, 'message' | 'role' | 'settings'>): boolean {
  if (w.role !== 'user') return false;
  const claims = Object.keys(contactClaimValues(w.message, w.role, w.settings));
  return claims.length > 0 && claims.every((claim) => UNIQUE_USER_CLAIMS.has(claim));
}

/** Nothing was written to a contact yet: a field without a value is left out, not cleared. */
const firstWriteBody = (w: UserWrite, fields: ContactFields) => {
  // Clearing what someone entered in Intercom is not the engine's to do until it wrote a value there.
  const sent = changedFields(fields, undefined);
  return { sent, body: { role: w.role, ...toIntercomBody(sent) } };
};

/**
 * The existing contact a lookup finds (the stored id, then external_id, then a search per claim),
 * updated with every field that has a value; undefined when none is found.
 */
export async function resolveContact(
  { intercom }: UserStepClients,
  w: UserWrite,
  fields: ContactFields,
  skipId?: string,
): Promise<WrittenContact | undefined> {
  const { sent, body } = firstWriteBody(w, fields);
  const found = await findContact(intercom, w.message, w.role, w.settings, w.call, skipId);
  if (found === undefined) return undefined;
  if (found.note) w.notes.push(found.note);
  const record = await intercom.updateContact(found.contact.id, body, w.call);
  return { id: found.contact.id, created: false, fields: sent, fingerprintBase: undefined, record };
}

/**
 * Creates the contact; a 409 names the one Intercom already has (found by no lookup, or a search
 * lagging behind creations by minutes): it is updated, never duplicated, never a failure. `extra`
 * goes into the create's body only (the lead marker), not into what the fingerprint records as sent.
 */
export async function createContact(
  { intercom }: UserStepClients,
  w: UserWrite,
  fields: ContactFields,
  extra: ContactFields = {},
): Promise<WrittenContact> {
  const { role, call, notes } = w;
  const { sent, body } = firstWriteBody(w, fields);
  try {
    const record = await intercom.createContact({ ...body, ...toIntercomBody({ ...sent, ...extra }) }, call);
    return { id: record.id, created: true, fields: sent, fingerprintBase: undefined, record };
  } catch (error) {
    const conflict = conflictingContactId(error);
    if (conflict === undefined) throw error;
    const archived = conflict.archived ? ', archived' : '';
    notes.push(`Intercom already had this ${role} (409 conflict, id ${conflict.id}${archived}): updated it`);
    if (conflict.archived) await intercom.unarchiveContact(conflict.id, call);
    const record = await intercom.updateContact(conflict.id, body, call);
    return { id: conflict.id, created: false, fields: sent, fingerprintBase: undefined, record };
  }
}

/**
 * A contact nobody stored an id for: created first where Intercom enforces uniqueness (`createsFirst`),
 * else found by resolution and updated, or created. Leads never reach the create here: their create
 * has its own activity (`createHullLead`), so an answer lost on the way back cannot make a twin.
 */
export async function resolveOrCreateContact(
  clients: UserStepClients,
  w: UserWrite,
  fields: ContactFields,
  skipId?: string,
): Promise<WrittenContact> {
  if (createsFirst(w)) return createContact(clients, w, fields);
  return (await resolveContact(clients, w, fields, skipId)) ?? createContact(clients, w, fields);
}

/**
 * The write `writeContact` and `applyContactTags` would make, found with reads only (the
 * `outgoing_dry_run` setting): create or update, the fields that would be sent, the tags moved.
 * Custom attributes that do not exist are named, not created.
 */
export async function planContactWrite(clients: UserStepClients, w: UserWrite): Promise<string> {
  const built = buildContactFields(w.message, w.role, w.settings);
  w.notes.push(...built.notes);
  const known = knownContactId(w);
  let target: { id: string; previous: Record<string, string> | undefined } | undefined;
  if (known !== undefined) {
    const previous =
      w.state.role === w.role && w.state.intercomId === known
        ? w.state.fingerprint
        : parseFingerprint(w.message.user[fingerprintAttribute(w.role)]);
    target = { id: known, previous };
  } else {
    const found = await findContact(clients.intercom, w.message, w.role, w.settings, w.call);
    if (found !== undefined) target = { id: found.contact.id, previous: undefined };
  }
  const fields = target === undefined ? built.fields : changedFields(built.fields, target.previous);
  const { changes } = contactTagPlan(w, target?.id, target === undefined);
  const names = Object.keys(fields);
  const write =
    target === undefined
      ? `would create a ${w.role} with ${names.join(', ') || 'no mapped fields'}`
      : names.length === 0
        ? `would leave ${w.role} ${target.id} as it is`
        : `would update ${w.role} ${target.id}: ${names.join(', ')}`;
  const tags = [...changes.add.map((name) => `+${name}`), ...changes.remove.map((name) => `-${name}`)];
  return tags.length === 0 ? write : `${write}; tags ${tags.join(' ')}`;
}

/**
 * The contact written: the known one if Intercom still has it, else one resolved or created. For a
 * lead no lookup finds, undefined: its create is the separate activity `createHullLead`.
 */
export async function writeContact(
  clients: UserStepClients,
  w: UserWrite,
  fields: ContactFields,
): Promise<WrittenContact | undefined> {
  const known = knownContactId(w);
  const updated = known === undefined ? undefined : await updateKnownContact(clients, w, known, fields);
  if (updated !== undefined) return updated;
  if (w.role === 'lead') return resolveContact(clients, w, fields, known);
  return resolveOrCreateContact(clients, w, fields, known);
}

/**
 * Mirrors synchronized segments as tags. What the contact carries is known from the incoming sync
 * (`intercom_<role>/tags`) and from the tags this workflow applied itself, whichever is fresher.
 */
/** The managed tags the contact gains and loses with this write (and those known on it before). */
function contactTagPlan(w: UserWrite, contactId: string | undefined, isNew: boolean) {
  const known = w.state.role === w.role && w.state.intercomId === contactId ? w.state.tags : undefined;
  const user = withKnownTags(w.message.user, `${attributeGroup(w.role)}/tags`, known);
  const changes = contactTagChanges({ ...w.message, user }, w.role, w.settings, {
    isNewContact: isNew,
    organisationSegments: w.update.organisationSegments,
  });
  return { known, changes };
}

/**
 * Moves the contact's managed tags: each tag added in a request shared with the other contacts this
 * process tags alike meanwhile (TagBatcher), each removed with its own DELETE. A tag Intercom did not
 * apply (the contact vanished meanwhile) is left out of the tags recorded, so the next write tries again.
 */
export async function applyContactTags(
  { intercom, lookups, tagBatcher }: UserStepClients,
  w: UserWrite,
  contactId: string,
  isNew: boolean,
): Promise<{ changes: TagChanges; tags: string[] }> {
  const planned = contactTagPlan(w, contactId, isNew);
  const { known } = planned;
  const added = await Promise.all(planned.changes.add.map((name) => tagBatcher.tag(name, contactId, w.call)));
  const missed = planned.changes.add.filter((_, index) => !added[index]);
  if (missed.length > 0) w.notes.push(`Intercom did not tag contact ${contactId} with ${missed.join(', ')}`);
  const changes = { ...planned.changes, add: planned.changes.add.filter((_, index) => added[index]) };
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
export async function linkCompany(
  clients: UserStepClients,
  w: UserWrite,
  contactId: string,
): Promise<string | undefined> {
  const { message, state, settings, call } = w;
  if (!settings.link_users_in_service || !message.account?.id) return state.linkedCompanyId;
  const { companyId, fields } = buildCompanyFields(message.account, settings);
  if (companyId === undefined) {
    w.notes.push('not linked to a company: the account has no external_id (account_claims maps it to company_id)');
    return state.linkedCompanyId;
  }
  const known = readString(message.account, `${COMPANY_GROUP}/id`);
  if (known !== undefined && known === state.linkedCompanyId) return known;
  const company = known ?? (await upsertAccountCompany(clients, companyId, fields, call));
  await clients.intercom.attachContactToCompany(contactId, company, call);
  return company;
}

/** The account's company, not written yet: created with every mapped field that has a value. */
async function upsertAccountCompany(
  { intercom, lookups, companyUpserts }: UserStepClients,
  companyId: string,
  fields: ContactFields,
  call: CallOptions,
): Promise<string> {
  const ensured = await ensureDataAttributes(intercom, lookups, fields, 'company', call);
  // Fields never sent yet: absent attributes (null) are left out rather than cleared.
  const body = toIntercomBody(changedFields(ensured.fields, undefined));
  // The account's other members written meanwhile share this upsert (CompanyUpserts).
  return (await companyUpserts.upsert({ ...body, company_id: companyId }, call)).id;
}

/** Whitelisted events, each once (Intercom would dedupe identical ones too, but still count the request). */
export async function sendEvents({ intercom }: UserStepClients, w: UserWrite, contactId: string): Promise<string[]> {
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

const hasAnonymousId = (profile: Record<string, unknown>, anonymousId: string): boolean => {
  const ids = profile.anonymous_ids;
  return Array.isArray(ids) && ids.includes(anonymousId);
};

/**
 * Writes back to Hull after a write: Intercom's answer (`record`) through the role's incoming mapping
 * with its identity claims (write-back.ts), the Intercom id and what was sent (the fingerprint), and the
 * contact's anonymous id when the profile does not carry it yet. Returns the fingerprint stored, which
 * also covers what the write-back itself changes, so its own Hull notification sends nothing. Without
 * an answer (nothing was written) only what the profile lacks is written, often nothing at all.
 */
export async function storeBack(
  { hull }: UserStepClients,
  w: UserWrite,
  contactId: string,
  fingerprint: Fingerprint,
  record?: IntercomContact,
  signal: AbortSignal | undefined = w.call.signal,
): Promise<Fingerprint> {
  const { message, role, settings } = w;
  const batch = hull.batch();
  let stored = fingerprint;
  if (record !== undefined) {
    const back = contactWriteBack(record, settings, message.user.id);
    const after = withTraitsApplied(message.user, back.traits);
    stored = fingerprintWithWriteBack(
      fingerprint,
      buildContactFields(message, role, settings).fields,
      buildContactFields({ ...message, user: after }, role, settings).fields,
      record,
    );
    back.traits[`${attributeGroup(role)}/id`] = contactId;
    back.traits[fingerprintAttribute(role)] = serializeFingerprint(stored);
    batch.userTraits(back.claims, back.traits);
  } else {
    const traits = writeBackTraits(
      { attribute: `${attributeGroup(role)}/id`, stored: storedContactId(message, role), value: contactId },
      { attribute: fingerprintAttribute(role), stored: message.user[fingerprintAttribute(role)], value: fingerprint },
    );
    if (Object.keys(traits).length > 0) batch.userTraits({ id: message.user.id }, traits);
  }
  const anonymousId = contactAnonymousId(role, contactId);
  if (!hasAnonymousId(message.user, anonymousId)) batch.alias({ id: message.user.id }, anonymousId);
  if (batch.pending > 0) await batch.flush(signal);
  return stored;
}

/** How long the write-back right after a create may take before it is left to the next activity. */
const CREATE_WRITE_BACK_TIMEOUT_MS = 10_000;

/**
 * The write-back of a contact just created, inside the activity that created it. It must not make that
 * activity fail (a retried create could duplicate the contact), so it is bounded and never throws:
 * undefined when it did not happen, and `finishCreatedHullUser` then reads the contact and writes it
 * back (the one case that costs a request).
 */
export async function storeBackAfterCreate(
  clients: UserStepClients,
  w: UserWrite,
  written: WrittenContact,
  fingerprint: Fingerprint,
): Promise<Fingerprint | undefined> {
  const timeout = AbortSignal.timeout(CREATE_WRITE_BACK_TIMEOUT_MS);
  const signal = w.call.signal ? AbortSignal.any([w.call.signal, timeout]) : timeout;
  try {
    return await storeBack(clients, w, written.id, fingerprint, written.record, signal);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    w.notes.push(`the write-back to Hull after the create did not complete (${reason}): it follows the create`);
    return undefined;
  }
}
