/**
 * Company rules: POST /companies upserts by `company_id` (which can never change afterwards); custom
 * attributes must exist; `monthly_spend` is an int32 (floats truncated); a company only becomes visible in
 * list/scroll responses once at least one contact is attached; a contact holds at most 1,000 companies.
 */
import type { SimulatorContext } from '../context';
import { IntercomHttpError, companyNotFound, parameterInvalid, parameterNotFound } from '../errors';
import type { CompanyRecord, ContactRecord } from '../records';
import { applyCustomAttributes } from './custom-attributes';
import { companyContactItem, companyItem, deletedCompanyItem } from '../webhook-payloads';
import { requireContact } from './contacts';

export interface CompanyInput {
  company_id?: string;
  name?: string | null;
  plan?: string | null;
  size?: number | null;
  website?: string | null;
  industry?: string | null;
  monthly_spend?: number | null;
  remote_created_at?: number | null;
  update_last_request_at?: boolean;
  custom_attributes?: Record<string, unknown> | null;
}

export interface CompanyWriteOptions {
  at?: number;
  overrides?: Partial<Omit<CompanyRecord, 'id' | 'company_id'>>;
}

const INT32_MAX = 2_147_483_647;
export const MAX_COMPANIES_PER_CONTACT = 1_000;

function spend(value: number | null | undefined, current: number): number {
  if (value === undefined) return current;
  if (value === null) return 0;
  if (Math.abs(value) > INT32_MAX)
    throw parameterInvalid('monthly_spend must fit in a 32-bit integer', 'monthly_spend');
  return Math.trunc(value);
}

function applyInput(ctx: SimulatorContext, current: CompanyRecord, input: CompanyInput, at: number): CompanyRecord {
  const next: CompanyRecord = { ...current };
  if (input.name !== undefined) next.name = input.name;
  if (input.plan !== undefined) next.plan = input.plan === '' ? null : input.plan;
  if (input.size !== undefined) next.size = input.size;
  if (input.website !== undefined) next.website = input.website;
  if (input.industry !== undefined) next.industry = input.industry;
  if (input.remote_created_at !== undefined) next.remote_created_at = input.remote_created_at;
  next.monthly_spend = spend(input.monthly_spend, current.monthly_spend);
  if (input.update_last_request_at === true) next.last_request_at = at;
  next.custom_attributes = applyCustomAttributes(
    ctx.store,
    'company',
    current.custom_attributes,
    input.custom_attributes,
  );
  return next;
}

export function requireCompany(ctx: SimulatorContext, id: string): CompanyRecord {
  const company = ctx.store.companies.get(id);
  if (!company) throw companyNotFound();
  return company;
}

/** Intercom lists (and scrolls) only companies that have at least one contact attached. */
export function isListed(ctx: SimulatorContext, company: CompanyRecord): boolean {
  return (ctx.store.companyContacts.get(company.id)?.size ?? 0) > 0;
}

export function upsertCompany(
  ctx: SimulatorContext,
  input: CompanyInput,
  options: CompanyWriteOptions = {},
): { company: CompanyRecord; created: boolean } {
  if (input.company_id === undefined || input.company_id === '') {
    throw parameterNotFound('company_id not specified', 'company_id');
  }
  const at = options.at ?? ctx.nowSeconds();
  const existing = ctx.store.companyByCompanyId(input.company_id);
  if (existing) return { company: updateExisting(ctx, existing, input, options), created: false };
  const blank: CompanyRecord = {
    id: ctx.store.ids.objectId(at),
    company_id: input.company_id,
    name: null,
    plan: null,
    size: null,
    website: null,
    industry: null,
    monthly_spend: 0,
    session_count: 0,
    remote_created_at: null,
    created_at: at,
    updated_at: at,
    last_request_at: null,
    custom_attributes: {},
  };
  const company = { ...applyInput(ctx, blank, input, at), ...options.overrides };
  ctx.store.saveCompany(company);
  ctx.notifier.notify('company.created', () => companyItem(ctx.store, company));
  return { company, created: true };
}

function updateExisting(
  ctx: SimulatorContext,
  existing: CompanyRecord,
  input: CompanyInput,
  options: CompanyWriteOptions,
): CompanyRecord {
  const at = options.at ?? Math.max(ctx.nowSeconds(), existing.updated_at);
  const next = { ...applyInput(ctx, existing, input, at), ...options.overrides };
  if (JSON.stringify(next) === JSON.stringify(existing)) return existing;
  next.updated_at = at;
  ctx.store.saveCompany(next);
  ctx.notifier.notify('company.updated', () => companyItem(ctx.store, next));
  return next;
}

/** PUT /companies/{id}: same fields as the upsert minus company_id, addressed by Intercom id. */
export function updateCompany(
  ctx: SimulatorContext,
  id: string,
  input: CompanyInput,
  options: CompanyWriteOptions = {},
): CompanyRecord {
  return updateExisting(ctx, requireCompany(ctx, id), input, options);
}

/** DELETE /companies/{id}: contacts survive and are detached. */
export function deleteCompany(ctx: SimulatorContext, id: string): CompanyRecord {
  const company = requireCompany(ctx, id);
  ctx.store.deleteCompany(id);
  ctx.notifier.notify('company.deleted', () => deletedCompanyItem(company));
  return company;
}

export function attachCompanyToContact(ctx: SimulatorContext, contactId: string, companyId: string): CompanyRecord {
  const contact: ContactRecord = requireContact(ctx, contactId);
  const company = requireCompany(ctx, companyId);
  const attached = ctx.store.contactCompanies.get(contact.id);
  if (attached?.has(company.id)) return company;
  if ((attached?.size ?? 0) >= MAX_COMPANIES_PER_CONTACT) {
    throw new IntercomHttpError(
      400,
      'contact_company_limit_exceeded',
      `A contact can be attached to at most ${MAX_COMPANIES_PER_CONTACT} companies`,
    );
  }
  ctx.store.attachCompany(contact.id, company.id);
  ctx.notifier.notify('company.contact.attached', () =>
    companyContactItem(ctx.store, company, contact, ctx.nowSeconds()),
  );
  return company;
}

export function detachCompanyFromContact(ctx: SimulatorContext, contactId: string, companyId: string): CompanyRecord {
  const contact = requireContact(ctx, contactId);
  const company = requireCompany(ctx, companyId);
  if (!ctx.store.detachCompany(contact.id, company.id)) throw companyNotFound();
  ctx.notifier.notify('company.contact.detached', () =>
    companyContactItem(ctx.store, company, contact, ctx.nowSeconds()),
  );
  return company;
}
