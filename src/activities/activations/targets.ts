/**
 * Finds the Intercom records a page of rows designates, with as few requests as Intercom allows:
 * contacts by one search per 50 values (`<field> IN [...]`), companies one lookup each (Intercom has
 * no batch lookup for them). Archived contacts are left out of Intercom's search, so a contact id
 * that search does not return but GET does (and that is older than the search index's lag) is
 * archived.
 */
import type { CallOptions, IntercomClient } from '../../intercom/client';
import { isGoneError } from '../../intercom/errors';
import type { IntercomCompany, IntercomContact } from '../../intercom/schemas';
import type { ContactFields, OutgoingValue } from '../../sync/outgoing/contact-payload';
import { readPath } from '../../sync/incoming/values';
import { customAttributeName } from '../../sync/outgoing/intercom-fields';
import type { IdentifierField } from '../../sync/activations/definition';
import type { Target } from '../../sync/activations/plan';

/** Values per search request (one IN filter; a page holds up to 150 matches, leads may share an email). */
const VALUES_PER_SEARCH = 50;
/** Intercom indexes a new contact for search within minutes; younger ones may be missing from it. */
const SEARCH_INDEX_LAG_SECONDS = 15 * 60;

/** A record's current values at the mapped paths (for a dry run's field diff, and for reconciling). */
export function currentFields(record: Record<string, unknown>, paths: string[]): ContactFields {
  const fields: ContactFields = {};
  for (const path of paths) {
    const name = customAttributeName(path);
    let value: unknown;
    if (name !== undefined) value = (record.custom_attributes as Record<string, unknown> | null | undefined)?.[name];
    else if (path === 'plan') value = (record.plan as { name?: unknown } | null | undefined)?.name;
    else value = readPath(record, path).value;
    fields[path] = value === undefined || value === '' ? null : (value as OutgoingValue);
  }
  return fields;
}

const found = (record: IntercomContact | IntercomCompany, paths: string[]): Target => ({
  kind: 'found',
  id: record.id,
  current: currentFields(record, paths),
});

/** Several contacts share an email (leads may): users before leads, then the oldest, deterministically. */
function choose(candidates: IntercomContact[]): IntercomContact {
  return [...candidates].sort(
    (a, b) =>
      (a.role === 'user' ? 0 : 1) - (b.role === 'user' ? 0 : 1) ||
      (a.created_at ?? 0) - (b.created_at ?? 0) ||
      (a.id < b.id ? -1 : 1),
  )[0]!;
}

export async function resolveContacts(
  intercom: IntercomClient,
  field: Exclude<IdentifierField, 'company_id'>,
  values: string[],
  paths: string[],
  call: CallOptions,
): Promise<Map<string, Target>> {
  const targets = new Map<string, Target>();
  const normal = (value: string) => (field === 'email' ? value.toLowerCase() : value);
  const unique = [...new Set(values)];
  for (let start = 0; start < unique.length; start += VALUES_PER_SEARCH) {
    const chunk = unique.slice(start, start + VALUES_PER_SEARCH);
    const matches = new Map<string, IntercomContact[]>();
    let cursor: string | undefined;
    do {
      const page = await intercom.searchContacts(
        { query: { field, operator: 'IN', value: chunk }, startingAfter: cursor },
        call,
      );
      for (const contact of page.data) {
        const value = contact[field];
        if (typeof value !== 'string') continue;
        const list = matches.get(normal(value)) ?? [];
        list.push(contact);
        matches.set(normal(value), list);
      }
      cursor = page.pages?.next?.starting_after ?? undefined;
    } while (cursor !== undefined);
    for (const value of chunk) {
      const candidates = matches.get(normal(value));
      if (candidates !== undefined && candidates.length > 0) targets.set(value, found(choose(candidates), paths));
    }
  }
  if (field === 'id') {
    for (const id of unique.filter((value) => !targets.has(value))) {
      targets.set(id, await contactById(intercom, id, paths, call));
    }
  }
  for (const value of unique) if (!targets.has(value)) targets.set(value, { kind: 'none' });
  return targets;
}

/** A contact search did not return: archived (GET answers it), just created (not indexed yet) or gone. */
async function contactById(intercom: IntercomClient, id: string, paths: string[], call: CallOptions): Promise<Target> {
  try {
    const contact = await intercom.getContact(id, call);
    const age = Date.now() / 1000 - (contact.created_at ?? 0);
    return age > SEARCH_INDEX_LAG_SECONDS ? { kind: 'archived', id } : found(contact, paths);
  } catch (error) {
    if (isGoneError(error)) return { kind: 'none' };
    throw error;
  }
}

/** One record by its Intercom id, for a dry run or a reconciliation of a row written to it before. */
export async function readById(
  intercom: IntercomClient,
  model: 'contact' | 'company',
  id: string,
  paths: string[],
  call: CallOptions,
): Promise<Target> {
  try {
    return found(
      model === 'company' ? await intercom.getCompany(id, call) : await intercom.getContact(id, call),
      paths,
    );
  } catch (error) {
    if (isGoneError(error)) return { kind: 'none' };
    throw error;
  }
}

export async function resolveCompanies(
  intercom: IntercomClient,
  field: 'id' | 'company_id',
  values: string[],
  paths: string[],
  call: CallOptions,
): Promise<Map<string, Target>> {
  const targets = new Map<string, Target>();
  for (const value of new Set(values)) {
    try {
      const company =
        field === 'id' ? await intercom.getCompany(value, call) : await intercom.findCompanyByCompanyId(value, call);
      targets.set(value, company === undefined ? { kind: 'none' } : found(company, paths));
    } catch (error) {
      if (!isGoneError(error)) throw error;
      targets.set(value, { kind: 'none' });
    }
  }
  return targets;
}
