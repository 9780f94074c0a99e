/**
 * Tags: names are case-insensitive, so POST /tags {name} is find-or-create; POST /tags {id, name} renames.
 * Bulk tagging of companies/users through POST /tags skips entities that do not exist and reports
 * `{id, tagged}` per entity (2.16; ≤ 2.15 failed with 404). A tag used by a segment cannot be deleted
 * (400 `tag_has_dependent_objects`).
 */
import type { SimulatorContext } from '../context';
import { IntercomHttpError, parameterInvalid, resourceNotFound } from '../errors';
import type { TagRecord } from '../records';
import { contactTagItem } from '../webhook-payloads';
import { requireContact } from './contacts';

export function requireTag(ctx: SimulatorContext, id: string): TagRecord {
  const tag = ctx.store.tags.get(id);
  if (!tag) throw resourceNotFound();
  return tag;
}

export function findOrCreateTag(ctx: SimulatorContext, name: string): TagRecord {
  const trimmed = name.trim();
  if (trimmed === '') throw parameterInvalid('invalid tag parameters', 'name');
  const existing = ctx.store.tagByName(trimmed);
  if (existing) return existing;
  const tag: TagRecord = { id: String(ctx.store.ids.numeric('tag', 100)), name: trimmed, created_at: ctx.nowSeconds() };
  ctx.store.saveTag(tag);
  return tag;
}

export function renameTag(ctx: SimulatorContext, id: string, name: string): TagRecord {
  const tag = requireTag(ctx, id);
  const clash = ctx.store.tagByName(name);
  if (clash && clash.id !== id) throw parameterInvalid(`A tag named '${name}' already exists`, 'name');
  const renamed = { ...tag, name: name.trim() };
  ctx.store.saveTag(renamed);
  return renamed;
}

export function tagContact(ctx: SimulatorContext, contactId: string, tagId: string, adminId?: string): TagRecord {
  const contact = requireContact(ctx, contactId);
  const tag = requireTag(ctx, tagId);
  if (ctx.store.contactHasTag(contact.id, tag.id)) return tag;
  const at = ctx.nowSeconds();
  ctx.store.tagContact(contact.id, tag.id, { appliedAt: at, appliedBy: adminId ?? ctx.store.meAdminId });
  ctx.notifier.notify(`contact.${contact.role}.tag.created`, () => contactTagItem(ctx.store, contact, tag, at));
  return tag;
}

export function untagContact(ctx: SimulatorContext, contactId: string, tagId: string): TagRecord {
  const contact = requireContact(ctx, contactId);
  const tag = requireTag(ctx, tagId);
  if (!ctx.store.untagContact(contact.id, tag.id)) throw resourceNotFound();
  const at = ctx.nowSeconds();
  ctx.notifier.notify(`contact.${contact.role}.tag.deleted`, () => contactTagItem(ctx.store, contact, tag, at));
  return tag;
}

export interface CompanyTagRequest {
  id?: string;
  company_id?: string;
  untag?: boolean;
}

/** Tags or untags companies addressed by Intercom id or company_id; missing ones are skipped. */
export function tagCompanies(
  ctx: SimulatorContext,
  tag: TagRecord,
  companies: CompanyTagRequest[],
): { id: string; tagged: boolean }[] {
  return companies.map((entry) => {
    const company =
      entry.id !== undefined ? ctx.store.companies.get(entry.id) : ctx.store.companyByCompanyId(entry.company_id ?? '');
    const reportedId = entry.id ?? entry.company_id ?? '';
    if (!company) return { id: reportedId, tagged: false };
    if (entry.untag === true) {
      ctx.store.untagCompany(company.id, tag.id);
      return { id: reportedId, tagged: false };
    }
    ctx.store.tagCompany(company.id, tag.id);
    return { id: reportedId, tagged: true };
  });
}

/** Tags contacts addressed by Intercom id; missing ones are skipped. */
export function tagUsers(
  ctx: SimulatorContext,
  tag: TagRecord,
  users: { id?: string }[],
): { id: string; tagged: boolean }[] {
  return users.map((entry) => {
    const id = entry.id ?? '';
    if (!ctx.store.contacts.has(id)) return { id, tagged: false };
    tagContact(ctx, id, tag.id);
    return { id, tagged: true };
  });
}

function mentionsTag(query: unknown, tagId: string): boolean {
  if (Array.isArray(query)) return query.some((child) => mentionsTag(child, tagId));
  if (typeof query !== 'object' || query === null) return false;
  const node = query as Record<string, unknown>;
  if (node.field === 'tag_id' && node.value === tagId) return true;
  return mentionsTag(node.value, tagId);
}

export function deleteTag(ctx: SimulatorContext, id: string): void {
  const tag = requireTag(ctx, id);
  const dependents = [...ctx.store.segments.values()].filter((segment) => mentionsTag(segment.query, tag.id));
  if (dependents.length > 0) {
    throw new IntercomHttpError(
      400,
      'tag_has_dependent_objects',
      `Unable to delete Tag with dependent objects. Segments: ${dependents.map((s) => s.name).join(', ')}.`,
    );
  }
  ctx.store.deleteTag(id);
}
