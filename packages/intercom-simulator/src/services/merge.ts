/**
 * POST /contacts/merge (lead -> user). 2.16 only merges duplicates — contacts sharing an email or phone —
 * unless `skip_duplicate_validation: true` (400 `invalid_merge` otherwise). The lead's tags, companies,
 * notes and events move to the user, the user keeps its own values and gains the lead's missing ones, and
 * the lead leaves list/search for good; GET on its id then answers 410 with a canonical Link.
 */
import type { SimulatorContext } from '../context';
import { IntercomHttpError, contactNotFound, parameterInvalid } from '../errors';
import type { ContactRecord } from '../records';
import { mergedContactItem } from '../webhook-payloads';

function normalizedPhone(phone: string | null): string | null {
  const digits = phone?.replace(/\D/g, '') ?? '';
  return digits === '' ? null : digits;
}

function areDuplicates(lead: ContactRecord, user: ContactRecord): boolean {
  const sameEmail = lead.email !== null && user.email !== null && lead.email.toLowerCase() === user.email.toLowerCase();
  const leadPhone = normalizedPhone(lead.phone);
  return sameEmail || (leadPhone !== null && leadPhone === normalizedPhone(user.phone));
}

export function mergeContacts(
  ctx: SimulatorContext,
  fromId: string,
  intoId: string,
  skipDuplicateValidation: boolean,
): ContactRecord {
  const lead = ctx.store.contacts.get(fromId);
  const user = ctx.store.contacts.get(intoId);
  if (!lead || !user) throw contactNotFound();
  if (lead.id === user.id) throw parameterInvalid('A contact cannot be merged into itself', 'from');
  if (lead.role !== 'lead') throw parameterInvalid('Only a contact with the lead role can be merged', 'from');
  if (user.role !== 'user')
    throw parameterInvalid('A lead can only be merged into a contact with the user role', 'into');
  if (!skipDuplicateValidation && !areDuplicates(lead, user)) {
    throw new IntercomHttpError(
      400,
      'invalid_merge',
      'Contacts can only be merged when they are duplicates (matching email or phone). Pass skip_duplicate_validation=true to override this check.',
    );
  }

  const now = ctx.nowSeconds();
  for (const [tagId, application] of ctx.store.contactTags.get(lead.id) ?? []) {
    ctx.store.tagContact(user.id, tagId, application);
  }
  for (const companyId of ctx.store.companyIdsOf(lead.id)) ctx.store.attachCompany(user.id, companyId);
  ctx.store.moveNotes(lead.id, user.id);
  ctx.store.moveEvents(lead.id, user.id);

  const survivor: ContactRecord = {
    ...user,
    email: user.email ?? lead.email,
    phone: user.phone ?? lead.phone,
    name: user.name ?? lead.name,
    custom_attributes: { ...lead.custom_attributes, ...user.custom_attributes },
    updated_at: Math.max(now, user.updated_at),
  };
  ctx.store.retireMergedContact(lead.id, user.id, now);
  ctx.store.saveContact(survivor);
  const history = ctx.store.mergeHistory.get(user.id) ?? [];
  history.push({ source_contact_id: lead.id, source_contact_role: 'lead', merged_at: now });
  ctx.store.mergeHistory.set(user.id, history);
  ctx.notifier.notify('contact.merged', () => mergedContactItem(ctx.store, survivor, lead.id));
  return survivor;
}
