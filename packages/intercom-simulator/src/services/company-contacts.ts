/** GET /companies/{id}/contacts: the company's contacts with cursor pages, newest first. */
import type { SimulatorContext } from '../context';
import type { ContactRecord } from '../records';
import type { CursorPage } from '../pagination';
import { sortedPage } from './contact-queries';
import { requireCompany } from './companies';

export function listCompanyContacts(
  ctx: SimulatorContext,
  companyId: string,
  perPage: number,
  startingAfter: string | undefined,
): CursorPage<ContactRecord> {
  const company = requireCompany(ctx, companyId);
  const contacts = ctx.store.contactIdsOf(company.id).flatMap((id) => ctx.store.contacts.get(id) ?? []);
  return sortedPage(contacts, (contact) => contact.created_at, true, perPage, startingAfter);
}
