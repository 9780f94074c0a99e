/**
 * Contact rules shared by the REST routes and the admin helpers:
 * - POST /contacts is a strict create: a duplicate answers 409 `conflict` naming the existing id
 *   ("An archived contact …" when it is archived), so clients must resolve and PUT instead;
 * - a duplicate is the same role with the same external_id, or a *user* with the same email when the
 *   external_ids do not conflict (one missing, or equal); leads may share an email, so a second lead
 *   with an email is created, not refused;
 * - custom attributes must already exist and match their data type;
 * - PUT is a partial update where `null` clears a field; updated_at only moves when something changed.
 */
import type { SimulatorContext } from '../context';
import { IntercomHttpError, contactNotFound, parameterInvalid, parameterNotFound } from '../errors';
import type { ContactRecord, ContactRole, NoteRecord } from '../records';
import { applyCustomAttributes } from './custom-attributes';
import { contactItem, deletedContactItem, unsubscribedContactItem } from '../webhook-payloads';

export interface ContactInput {
  role?: string | null;
  external_id?: string | null;
  email?: string | null;
  email_verified?: boolean | null;
  phone?: string | null;
  name?: string | null;
  avatar?: string | null;
  signed_up_at?: number | null;
  last_seen_at?: number | null;
  owner_id?: string | null;
  unsubscribed_from_emails?: boolean | null;
  custom_attributes?: Record<string, unknown> | null;
}

export interface WriteOptions {
  /** Unix seconds to stamp as created_at/updated_at instead of the clock (admin helpers). */
  at?: number;
  /** Fields Intercom fills itself (location, browser, last_replied_at, …) — admin helpers and seeding only. */
  overrides?: Partial<Omit<ContactRecord, 'id'>>;
}

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+$/;

function checkRole(role: unknown): ContactRole {
  if (role === 'user' || role === 'lead') return role;
  throw parameterInvalid(`role must be one of 'user' or 'lead'`, 'role');
}

function checkEmail(email: string | null | undefined): void {
  if (email !== null && email !== undefined && email !== '' && !EMAIL_SHAPE.test(email)) {
    throw parameterInvalid('Email address is invalid', 'email');
  }
}

function checkOwner(ctx: SimulatorContext, ownerId: string | null | undefined): void {
  if (ownerId !== null && ownerId !== undefined && !ctx.store.admins.has(ownerId)) {
    throw parameterInvalid(`Admin with id=${ownerId} not found`, 'owner_id');
  }
}

function emptyToNull(value: string | null | undefined): string | null {
  return value === undefined || value === null || value === '' ? null : value;
}

/** The existing contact a create (or identity change) would collide with, if any. */
export function findDuplicate(
  ctx: SimulatorContext,
  role: ContactRole,
  externalId: string | null,
  email: string | null,
  excludeId?: string,
): ContactRecord | undefined {
  if (externalId !== null) {
    const match = ctx.store.contactsByExternalId(role, externalId).find((c) => c.id !== excludeId);
    if (match) return match;
  }
  if (email !== null && role === 'user') {
    return ctx.store
      .contactsByEmail(role, email)
      .find(
        (c) => c.id !== excludeId && (externalId === null || c.external_id === null || c.external_id === externalId),
      );
  }
  return undefined;
}

export function conflictError(existing: ContactRecord): IntercomHttpError {
  const prefix = existing.archived ? 'An archived contact' : 'A contact';
  return new IntercomHttpError(
    409,
    'conflict',
    `${prefix} matching those details already exists with id=${existing.id}`,
  );
}

/** An active contact for writes and sub-resources; merged or missing ids are 404 "User Not Found". */
export function requireContact(ctx: SimulatorContext, id: string): ContactRecord {
  const contact = ctx.store.contacts.get(id);
  if (!contact) throw contactNotFound();
  return contact;
}

/**
 * A contact for GET. 2.16: a merged-away id answers 410 `contact_merged` with
 * `Link: </contacts/{canonical}>; rel="canonical"` (chains resolved up to 3 hops).
 */
export function readContact(ctx: SimulatorContext, id: string): ContactRecord {
  const contact = ctx.store.contacts.get(id);
  if (contact) return contact;
  if (ctx.store.mergedContacts.has(id)) throw contactMergedError(ctx, id);
  throw contactNotFound();
}

export function contactMergedError(ctx: SimulatorContext, mergedId: string): IntercomHttpError {
  const canonical = ctx.store.canonicalIdOf(mergedId) ?? mergedId;
  return new IntercomHttpError(
    410,
    'contact_merged',
    "This contact has been merged. See the 'Link' header for the canonical contact.",
    undefined,
    { Link: `</contacts/${canonical}>; rel="canonical"` },
  );
}

export function createContact(ctx: SimulatorContext, input: ContactInput, options: WriteOptions = {}): ContactRecord {
  const email = emptyToNull(input.email);
  const externalId = emptyToNull(input.external_id);
  if (email === null && externalId === null && (input.role === undefined || input.role === null)) {
    throw parameterNotFound('Contact requires one of email, external_id or role');
  }
  // Integrators report `user` as the default when role is omitted; always send it explicitly.
  const role = checkRole(input.role ?? 'user');
  if (input.email_verified !== undefined && input.email_verified !== null && email === null) {
    throw parameterInvalid('email_verified can only be set together with email', 'email_verified');
  }
  checkEmail(email);
  checkOwner(ctx, input.owner_id);
  const customAttributes = applyCustomAttributes(ctx.store, 'contact', {}, input.custom_attributes);
  const duplicate = findDuplicate(ctx, role, externalId, email);
  if (duplicate) throw conflictError(duplicate);

  const at = options.at ?? ctx.nowSeconds();
  const record: ContactRecord = {
    id: ctx.store.ids.objectId(at),
    role,
    external_id: externalId,
    email,
    email_verified: input.email_verified ?? null,
    phone: emptyToNull(input.phone),
    name: emptyToNull(input.name),
    avatar: emptyToNull(input.avatar),
    owner_id: input.owner_id ?? null,
    created_at: at,
    updated_at: at,
    signed_up_at: input.signed_up_at ?? (role === 'user' ? at : null),
    last_seen_at: input.last_seen_at ?? null,
    last_replied_at: null,
    last_contacted_at: null,
    last_email_opened_at: null,
    last_email_clicked_at: null,
    language_override: null,
    browser: null,
    browser_version: null,
    browser_language: null,
    os: null,
    location: { country: null, region: null, city: null, country_code: null, continent_code: null },
    social_profiles: [],
    unsubscribed_from_emails: input.unsubscribed_from_emails ?? false,
    has_hard_bounced: false,
    marked_email_as_spam: false,
    custom_attributes: customAttributes,
    archived: false,
    ...options.overrides,
  };
  ctx.store.saveContact(record);
  // Intercom's search index lags behind writes by up to a few minutes.
  if (ctx.options.searchIndexLagMs > 0) {
    ctx.store.searchVisibleFrom.set(record.id, ctx.nowMs() + ctx.options.searchIndexLagMs);
  }
  ctx.notifier.notify(`contact.${role}.created`, () => contactItem(ctx.store, record));
  return record;
}

function sameRecord(a: ContactRecord, b: ContactRecord): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function updateContact(
  ctx: SimulatorContext,
  id: string,
  patch: ContactInput,
  options: WriteOptions = {},
): ContactRecord {
  const before = requireContact(ctx, id);
  const next: ContactRecord = { ...before, location: { ...before.location } };
  if (patch.role !== undefined && patch.role !== null) next.role = checkRole(patch.role);
  if (patch.external_id !== undefined) next.external_id = emptyToNull(patch.external_id);
  if (patch.email !== undefined) {
    checkEmail(patch.email);
    next.email = emptyToNull(patch.email);
  }
  if (patch.email_verified !== undefined) next.email_verified = patch.email_verified;
  if (patch.phone !== undefined) next.phone = emptyToNull(patch.phone);
  if (patch.name !== undefined) next.name = emptyToNull(patch.name);
  if (patch.avatar !== undefined) next.avatar = emptyToNull(patch.avatar);
  if (patch.signed_up_at !== undefined) next.signed_up_at = patch.signed_up_at;
  if (patch.last_seen_at !== undefined) next.last_seen_at = patch.last_seen_at;
  if (patch.owner_id !== undefined) {
    checkOwner(ctx, patch.owner_id);
    next.owner_id = patch.owner_id;
  }
  if (patch.unsubscribed_from_emails !== undefined)
    next.unsubscribed_from_emails = patch.unsubscribed_from_emails ?? false;
  next.custom_attributes = applyCustomAttributes(
    ctx.store,
    'contact',
    before.custom_attributes,
    patch.custom_attributes,
  );
  Object.assign(next, options.overrides);

  // external_id is unique per role: taking one that another contact holds is a conflict.
  const identityChanged = next.external_id !== before.external_id || next.role !== before.role;
  if (identityChanged && next.external_id !== null) {
    const duplicate = findDuplicate(ctx, next.role, next.external_id, null, id);
    if (duplicate) throw conflictError(duplicate);
  }
  if (sameRecord(before, next)) return before;
  next.updated_at = options.at ?? Math.max(ctx.nowSeconds(), before.updated_at);
  ctx.store.saveContact(next);
  notifyContactChanges(ctx, before, next);
  return next;
}

function notifyContactChanges(ctx: SimulatorContext, before: ContactRecord, after: ContactRecord): void {
  const item = (): unknown => contactItem(ctx.store, after);
  ctx.notifier.notify(`contact.${after.role}.updated`, item);
  if (before.role === 'lead' && after.role === 'user') ctx.notifier.notify('contact.lead.signed_up', item);
  if ((before.email ?? '').toLowerCase() !== (after.email ?? '').toLowerCase()) {
    ctx.notifier.notify('contact.email.updated', item);
    if (after.role === 'lead' && before.email === null) ctx.notifier.notify('contact.lead.added_email', item);
  }
  if (!before.unsubscribed_from_emails && after.unsubscribed_from_emails) {
    ctx.notifier.notify('contact.unsubscribed', () => unsubscribedContactItem(ctx.store, after));
  } else if (before.unsubscribed_from_emails && !after.unsubscribed_from_emails) {
    ctx.notifier.notify('contact.subscribed', item);
  }
}

/** DELETE /contacts/{id}: permanent; works on archived contacts too (2.6+). */
export function deleteContact(ctx: SimulatorContext, id: string): ContactRecord {
  const contact = requireContact(ctx, id);
  ctx.store.deleteContact(id);
  ctx.notifier.notify('contact.deleted', () => deletedContactItem(contact));
  return contact;
}

export function setArchived(ctx: SimulatorContext, id: string, archived: boolean): ContactRecord {
  const contact = requireContact(ctx, id);
  if (contact.archived === archived) return contact;
  const next = { ...contact, archived };
  ctx.store.saveContact(next);
  // Note the topic name: `contact.unarchive`, without a "d", is what Intercom sends.
  ctx.notifier.notify(archived ? 'contact.archived' : 'contact.unarchive', () => ({
    type: 'contact',
    id: next.id,
    external_id: next.external_id,
    archived,
  }));
  return next;
}

export function addNote(
  ctx: SimulatorContext,
  contactId: string,
  body: string,
  adminId: string | undefined,
): NoteRecord {
  requireContact(ctx, contactId);
  const authorId = adminId ?? ctx.store.meAdminId;
  if (!ctx.store.admins.has(authorId)) throw parameterInvalid(`Admin with id=${authorId} not found`, 'admin_id');
  const id = String(ctx.store.ids.numeric('note', 1_000));
  // Intercom stores note bodies as HTML paragraphs.
  const html = body.trim().startsWith('<') ? body : `<p>${body}</p>`;
  const note: NoteRecord = { id, contact_id: contactId, author_id: authorId, body: html, created_at: ctx.nowSeconds() };
  ctx.store.saveNote(note);
  return note;
}
