/**
 * Company wire format (spec schema `company`). Unset optional fields are omitted rather than null
 * because the schema declares them non-nullable (and the spec's recorded examples omit them too).
 */
import type { IntercomStore } from '../store';
import type { CompanyRecord } from '../records';
import type { JsonObject } from './contact';
import { segmentToJson } from './resources';

/** Plans are referenced by name on write and returned as `{type: 'plan', id, name}`; ids are stable per name. */
export function planId(name: string): string {
  let hash = 0;
  for (const char of name) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) >>> 0;
  return String(100_000 + (hash % 900_000));
}

export function companyToJson(store: IntercomStore, company: CompanyRecord): JsonObject {
  const json: JsonObject = {
    type: 'company',
    company_id: company.company_id,
    id: company.id,
    app_id: store.workspaceId,
  };
  if (company.name !== null) json.name = company.name;
  if (company.remote_created_at !== null) json.remote_created_at = company.remote_created_at;
  json.created_at = company.created_at;
  json.updated_at = company.updated_at;
  if (company.last_request_at !== null) json.last_request_at = company.last_request_at;
  json.monthly_spend = company.monthly_spend;
  json.session_count = company.session_count;
  json.user_count = store.companyContacts.get(company.id)?.size ?? 0;
  if (company.size !== null) json.size = company.size;
  if (company.website !== null) json.website = company.website;
  if (company.industry !== null) json.industry = company.industry;
  const tags = [...(store.companyTags.get(company.id) ?? [])].flatMap((tagId) => {
    const tag = store.tags.get(tagId);
    return tag ? [{ type: 'tag', id: tag.id, name: tag.name }] : [];
  });
  json.tags = { type: 'tag.list', tags };
  const segments = [...store.segments.values()].filter((segment) => segment.company_ids?.includes(company.id));
  json.segments = { type: 'segment.list', segments: segments.map((segment) => segmentToJson(segment)) };
  // Company notes cannot be created through the API the simulator serves, so the list is always empty.
  json.notes = { type: 'note.list', notes: [] };
  json.plan = company.plan === null ? {} : { type: 'plan', id: planId(company.plan), name: company.plan };
  json.custom_attributes = { ...company.custom_attributes };
  return json;
}

/** Body of DELETE /companies/{id} (spec `deleted_company_object`). */
export function deletedCompany(company: CompanyRecord): JsonObject {
  return { id: company.id, object: 'company', deleted: true };
}
