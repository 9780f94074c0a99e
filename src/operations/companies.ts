/** Companies: Ibexa Connect's company modules, and attaching contacts to them. */
import { z } from 'zod';
import { companySchema, contactSchema } from '../intercom/schemas';
import {
  cursorPages,
  defineOperation,
  READ,
  deletedSchema,
  id,
  intercomCursor,
  limitInput,
  numberedPage,
  cursorPage,
  numberedPages,
  pageOfWhole,
  pageOutput,
  pagingInput,
  path,
  unixSeconds,
} from './definition';
import { segmentSchema } from './resource-schemas';

const companyId = { company_id: id('company').describe("The company's Intercom id (not your company_id).") };

const companyList = z
  .object({ data: z.array(companySchema).default([]), total_count: z.number().nullish(), pages: numberedPages })
  .loose();
const companyPage = pageOutput(companySchema, 'One page of companies.');

const attributeValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const companyOperations = [
  defineOperation({
    name: 'companies.list',
    resource: 'companies',
    summary: 'List companies',
    description:
      'Companies sorted by last request, or only those of a segment or a tag (GET /companies with ' +
      '`segment_id` or `tag_id`). Intercom lists at most 10,000 this way: use companies.scroll beyond.',
    ...READ,
    input: z
      .object({
        segment_id: z.string().min(1).optional().describe('Only the companies of this segment.'),
        tag_id: z.string().min(1).optional().describe('Only the companies with this tag.'),
        order: z.enum(['asc', 'desc']).default('desc').describe('By last request time (without a filter).'),
        ...pagingInput,
      })
      .refine((input) => input.segment_id === undefined || input.tag_id === undefined, {
        message: 'filter by a segment or a tag, not both',
        path: ['tag_id'],
      }),
    call: (input) =>
      input.segment_id !== undefined || input.tag_id !== undefined
        ? {
            method: 'GET',
            path: '/companies',
            query: {
              segment_id: input.segment_id,
              tag_id: input.tag_id,
              page: input.cursor ?? '1',
              per_page: input.limit,
            },
          }
        : {
            method: 'POST',
            path: '/companies/list',
            query: { page: input.cursor ?? '1', per_page: input.limit, order: input.order },
          },
    response: companyList,
    output: companyPage,
    result: (response, input) => numberedPage(response.data, response, input.cursor),
  }),
  defineOperation({
    name: 'companies.scroll',
    resource: 'companies',
    summary: 'List every company (large datasets)',
    description:
      "Intercom's scroll: pages of fixed size, `next_cursor` until the end. Intercom keeps one scroll per " +
      'app open (a minute idle at most), shared with fetch-all of companies: while one runs, this answers 400.',
    ...READ,
    input: z.object({ cursor: intercomCursor }),
    call: (input) => ({
      method: 'GET',
      path: '/companies/scroll',
      query: input.cursor === undefined ? undefined : { scroll_param: input.cursor },
    }),
    response: z.object({ data: z.array(companySchema).default([]), scroll_param: z.string().nullish() }).loose(),
    output: companyPage,
    result: (response) => ({
      data: response.data,
      next_cursor: response.data.length > 0 ? (response.scroll_param ?? null) : null,
    }),
  }),
  defineOperation({
    name: 'companies.get',
    resource: 'companies',
    summary: 'Get a company by Intercom id',
    ...READ,
    input: z.object(companyId),
    call: (input) => ({ method: 'GET', path: path`/companies/${input.company_id}` }),
    response: companySchema,
  }),
  defineOperation({
    name: 'companies.find',
    resource: 'companies',
    summary: 'Get a company by name or by your company_id',
    ...READ,
    input: z
      .object({
        company_id: z.string().min(1).optional().describe('Your id of the company.'),
        name: z.string().min(1).optional(),
      })
      .refine((input) => (input.company_id === undefined) !== (input.name === undefined), {
        message: 'give exactly one of company_id or name',
        path: ['company_id'],
      }),
    call: (input) => ({ method: 'GET', path: '/companies', query: { company_id: input.company_id, name: input.name } }),
    // The 2.16 description says a one-company list, earlier versions the company itself: both read.
    response: z.union([companySchema, companyList]),
    output: companySchema,
    result: (response) => ('data' in response && Array.isArray(response.data) ? response.data[0]! : response) as never,
  }),
  defineOperation({
    name: 'companies.upsert',
    resource: 'companies',
    summary: 'Create or update a company',
    description: 'Keyed on `company_id`: an existing company with it is updated.',
    repeatable: true,
    input: z.object({
      company_id: z.string().min(1).describe('Your id of the company: the upsert key.'),
      name: z.string().optional(),
      plan: z.string().optional(),
      size: z.int().min(0).optional(),
      website: z.url().optional(),
      industry: z.string().optional(),
      monthly_spend: z.number().min(0).optional(),
      remote_created_at: unixSeconds('When the company was created in your system').optional(),
      custom_attributes: z.record(z.string(), attributeValue).optional(),
    }),
    call: (input) => ({ method: 'POST', path: '/companies', body: input }),
    response: companySchema,
  }),
  defineOperation({
    name: 'companies.delete',
    resource: 'companies',
    summary: 'Delete a company',
    repeatable: true,
    input: z.object(companyId),
    call: (input) => ({ method: 'DELETE', path: path`/companies/${input.company_id}` }),
    response: deletedSchema,
  }),
  defineOperation({
    name: 'companies.contacts',
    resource: 'companies',
    summary: "List a company's contacts",
    ...READ,
    input: z.object({ ...companyId, limit: limitInput, cursor: intercomCursor }),
    call: (input) => ({
      method: 'GET',
      path: path`/companies/${input.company_id}/contacts`,
      query: { per_page: input.limit, starting_after: input.cursor },
    }),
    response: z
      .object({ data: z.array(contactSchema).default([]), total_count: z.number().nullish(), pages: cursorPages })
      .loose(),
    output: pageOutput(contactSchema, "One page of the company's contacts."),
    result: (response) => cursorPage(response.data, response),
  }),
  defineOperation({
    name: 'companies.segments',
    resource: 'companies',
    summary: "List a company's segments",
    ...READ,
    input: z.object({ ...companyId, ...pagingInput }),
    call: (input) => ({ method: 'GET', path: path`/companies/${input.company_id}/segments` }),
    response: z.object({ data: z.array(segmentSchema).default([]) }).loose(),
    output: pageOutput(segmentSchema, "One page of the company's segments."),
    result: (response, input) => pageOfWhole(response.data, input),
  }),
  defineOperation({
    name: 'companies.attach_contact',
    resource: 'companies',
    summary: 'Attach a contact to a company',
    repeatable: true,
    input: z.object({ ...companyId, contact_id: id('contact') }),
    call: (input) => ({
      method: 'POST',
      path: path`/contacts/${input.contact_id}/companies`,
      body: { id: input.company_id },
    }),
    response: companySchema,
  }),
  defineOperation({
    name: 'companies.detach_contact',
    resource: 'companies',
    summary: 'Detach a contact from a company',
    repeatable: true,
    input: z.object({ ...companyId, contact_id: id('contact') }),
    call: (input) => ({
      method: 'DELETE',
      path: path`/contacts/${input.contact_id}/companies/${input.company_id}`,
    }),
    response: companySchema,
  }),
];
