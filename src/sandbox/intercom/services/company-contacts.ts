/** GET /companies/{id}/contacts: the company's contacts with cursor pages, newest first. */
import type { SimulatorContext } from '../context';
import type { ContactRecord } from '../records';
import { compareEntries, pageAfterCursor, type CursorPage } from '../pagination';
import { requireCompany } from './companies';

export function listCompanyContacts(
  ctx: SimulatorContext,
  companyId: string,
  perPage: number,
  startingAfter: string | undefined,
): CursorPage<ContactRecord> {
  const company = requireCompany(ctx, companyId);
  const keyed = ctx.store.contactIdsOf(company.id).flatMap((id) => {
    const contact = ctx.store.contacts.get(id);
    return contact ? [{ entry: { key: contact.created_at, id }, contact }] : [];
  });
  keyed.sort((a, b) => compareEntries(a.entry, b.entry, true));
  const page = pageAfterCursor(keyed, (item) => item.entry, true, perPage, startingAfter);
  return { ...page, items: page.items.map((item) => item.contact) };
}
