/**
 * zod schemas for the Intercom responses the engine reads. Objects are `loose`: Intercom sends more
 * than its OpenAPI description declares, and a new field must never break a sync.
 */
import { z } from 'zod';

export const meSchema = z
  .object({
    type: z.literal('admin'),
    id: z.string(),
    email: z.string().nullish(),
    app: z
      .object({
        id_code: z.string(),
        name: z.string().nullish(),
        region: z.string().nullish(),
        timezone: z.string().nullish(),
      })
      .loose()
      .nullish(),
  })
  .loose();

export type IntercomMe = z.infer<typeof meSchema>;

const listSummary = z
  .object({
    data: z.array(z.object({ id: z.string(), type: z.string().optional() }).loose()).default([]),
    total_count: z.number().nullish(),
    has_more: z.boolean().nullish(),
  })
  .loose();

export const contactSchema = z
  .object({
    type: z.literal('contact'),
    id: z.string(),
    role: z.enum(['user', 'lead']),
    external_id: z.string().nullish(),
    email: z.string().nullish(),
    name: z.string().nullish(),
    created_at: z.number().nullish(),
    updated_at: z.number(),
    custom_attributes: z.record(z.string(), z.unknown()).nullish(),
    tags: listSummary.nullish(),
    companies: listSummary.nullish(),
    social_profiles: z
      .object({
        data: z.array(z.object({ name: z.string().nullish(), url: z.string().nullish() }).loose()).default([]),
      })
      .loose()
      .nullish(),
  })
  .loose();

export type IntercomContact = z.infer<typeof contactSchema>;

export const tagSchema = z.object({ type: z.string().optional(), id: z.string(), name: z.string() }).loose();
export type IntercomTag = z.infer<typeof tagSchema>;

export const companySchema = z
  .object({
    type: z.literal('company'),
    id: z.string(),
    company_id: z.string().nullish(),
    name: z.string().nullish(),
    website: z.string().nullish(),
    updated_at: z.number().nullish(),
    custom_attributes: z.record(z.string(), z.unknown()).nullish(),
    tags: z
      .object({ tags: z.array(tagSchema).default([]) })
      .loose()
      .nullish(),
  })
  .loose();

export type IntercomCompany = z.infer<typeof companySchema>;

/** Cursor pages of GET /contacts and POST /contacts/search. */
export const contactPageSchema = z
  .object({
    data: z.array(contactSchema),
    total_count: z.number().nullish(),
    pages: z
      .object({ next: z.object({ starting_after: z.string().nullish() }).loose().nullish() })
      .loose()
      .nullish(),
  })
  .loose();

export type IntercomContactPage = z.infer<typeof contactPageSchema>;

export const tagListSchema = z.object({ data: z.array(tagSchema) }).loose();

/** GET /contacts/{id}/companies: the 2.16 schema names the array `companies`, the live API `data`. */
export const contactCompaniesSchema = z
  .object({ data: z.array(companySchema).nullish(), companies: z.array(companySchema).nullish() })
  .loose()
  .transform((page) => page.data ?? page.companies ?? []);

export const companyScrollSchema = z
  .object({ data: z.array(companySchema).default([]), scroll_param: z.string().nullish() })
  .loose();

/** Page-numbered company lists (GET /companies, POST /companies/list). */
export const companyPageSchema = z
  .object({
    data: z.array(companySchema).default([]),
    total_count: z.number().nullish(),
    pages: z.object({ page: z.number().nullish(), total_pages: z.number().nullish() }).loose().nullish(),
  })
  .loose();

export const adminSchema = z
  .object({ type: z.string().optional(), id: z.string(), name: z.string().nullish(), email: z.string().nullish() })
  .loose();
export type IntercomAdmin = z.infer<typeof adminSchema>;

export const adminListSchema = z.object({ admins: z.array(adminSchema).default([]) }).loose();

export const dataAttributeSchema = z
  .object({
    name: z.string(),
    model: z.enum(['contact', 'company']).or(z.string()),
    data_type: z.string(),
    archived: z.boolean().nullish(),
    custom: z.boolean().nullish(),
  })
  .loose();
export type IntercomDataAttribute = z.infer<typeof dataAttributeSchema>;

export const dataAttributeListSchema = z.object({ data: z.array(dataAttributeSchema) }).loose();
