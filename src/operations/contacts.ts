/** Contacts (users and leads): Ibexa Connect's contact modules. */
import { z } from 'zod';
import { companySchema, contactSchema, tagSchema } from '../intercom/schemas';
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

const contactId = { contact_id: id('contact') };

const attributeValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** The fields Intercom takes on create and update (2.16 create_contact_request / update_contact_request). */
const contactFields = {
  role: z
    .enum(['user', 'lead'])
    .optional()
    .describe('`user` (identified) or `lead`; a create without one makes a user.'),
  external_id: z.string().min(1).optional().describe('Your id of the user.'),
  email: z.email().optional(),
  phone: z.string().nullable().optional(),
  name: z.string().nullable().optional(),
  avatar: z.url().nullable().optional().describe('An image URL.'),
  signed_up_at: unixSeconds('When the contact signed up').nullable().optional(),
  last_seen_at: unixSeconds('When the contact was last seen').nullable().optional(),
  owner_id: z.int().nullable().optional().describe("The admin who owns the contact (an admin's id)."),
  unsubscribed_from_emails: z.boolean().nullable().optional(),
  custom_attributes: z
    .record(z.string(), attributeValue)
    .optional()
    .describe('Custom attributes by name; values are strings, numbers, booleans or null.'),
};

const contactPage = pageOutput(contactSchema, 'One page of contacts.');
const contactListResponse = z
  .object({ data: z.array(contactSchema), total_count: z.number().nullish(), pages: cursorPages })
  .loose();

const cursorPageOf = (response: z.infer<typeof contactListResponse>) => cursorPage(response.data, response);

const searchOperator = z
  .enum(['=', '!=', 'IN', 'NIN', '>', '<', '~', '!~', '^', '$'])
  .describe('= != IN NIN > < ~ (contains) !~ (does not contain) ^ (starts with) $ (ends with).');

const singleFilter = z.object({
  field: z.string().min(1).describe('e.g. `email`, `custom_attributes.plan`, `created_at`.'),
  operator: searchOperator,
  value: z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.union([z.string(), z.number()]))]),
});

const filterGroup = <T extends z.ZodType>(member: T) =>
  z.object({ operator: z.enum(['AND', 'OR']), value: z.array(member).min(1) });

/**
 * Intercom's search query language: one filter, or AND/OR groups of filters nested two levels deep at most
 * (written out, not recursive: Intercom refuses deeper nesting, and the OpenAPI document stays flat).
 */
export const searchQuerySchema = z
  .union([singleFilter, filterGroup(z.union([singleFilter, filterGroup(singleFilter)]))])
  .describe('One filter `{field, operator, value}`, or `{operator: AND|OR, value: [filters or groups]}`.');

/** The body of a search (contacts or conversations): the query, the page and the order. */
export function searchBody(input: { query: unknown; sort?: unknown; limit: number; cursor?: string }) {
  return {
    query: input.query,
    pagination: { per_page: input.limit, ...(input.cursor === undefined ? {} : { starting_after: input.cursor }) },
    ...(input.sort === undefined ? {} : { sort: input.sort }),
  };
}

export const contactOperations = [
  defineOperation({
    name: 'contacts.list',
    resource: 'contacts',
    summary: 'List contacts',
    ...READ,
    input: z.object({ limit: limitInput, cursor: intercomCursor }),
    call: (input) => ({
      method: 'GET',
      path: '/contacts',
      query: { per_page: input.limit, starting_after: input.cursor },
    }),
    response: contactListResponse,
    output: contactPage,
    result: cursorPageOf,
  }),
  defineOperation({
    name: 'contacts.search',
    resource: 'contacts',
    summary: 'Search contacts',
    description: "Intercom's contact search: one filter or AND/OR groups, optionally sorted.",
    ...READ,
    input: z.object({
      query: searchQuerySchema,
      sort: z.object({ field: z.string().min(1), order: z.enum(['ascending', 'descending']) }).optional(),
      limit: limitInput,
      cursor: intercomCursor,
    }),
    call: (input) => ({ method: 'POST', path: '/contacts/search', body: searchBody(input) }),
    response: contactListResponse,
    output: contactPage,
    result: cursorPageOf,
  }),
  defineOperation({
    name: 'contacts.get',
    resource: 'contacts',
    summary: 'Get a contact',
    ...READ,
    input: z.object(contactId),
    call: (input) => ({ method: 'GET', path: path`/contacts/${input.contact_id}` }),
    response: contactSchema,
  }),
  defineOperation({
    name: 'contacts.create',
    resource: 'contacts',
    summary: 'Create a contact (user or lead)',
    description:
      'Strict create: a contact matching the email or external_id answers 409 `conflict`. Send an ' +
      '`Idempotency-Key` so that a retried request never creates a second lead.',
    input: z
      .object(contactFields)
      .refine((input) => input.email !== undefined || input.external_id !== undefined || input.role !== undefined, {
        message: 'give at least one of email, external_id or role',
        path: ['email'],
      }),
    call: (input) => ({ method: 'POST', path: '/contacts', body: input }),
    response: contactSchema,
  }),
  defineOperation({
    name: 'contacts.update',
    resource: 'contacts',
    summary: 'Update a contact',
    repeatable: true,
    input: z.object({ ...contactId, ...contactFields }),
    call: ({ contact_id, ...fields }) => ({ method: 'PUT', path: path`/contacts/${contact_id}`, body: fields }),
    response: contactSchema,
  }),
  defineOperation({
    name: 'contacts.delete',
    resource: 'contacts',
    summary: 'Delete a contact',
    repeatable: true,
    input: z.object(contactId),
    call: (input) => ({ method: 'DELETE', path: path`/contacts/${input.contact_id}` }),
    response: deletedSchema,
  }),
  defineOperation({
    name: 'contacts.merge',
    resource: 'contacts',
    summary: 'Merge a lead into a user',
    description: 'The lead is gone afterwards; attributes the user lacks are copied from it.',
    input: z.object({
      lead_id: id('lead').describe('The lead to merge away (deleted afterwards).'),
      user_id: id('user').describe('The user that remains.'),
    }),
    call: (input) => ({ method: 'POST', path: '/contacts/merge', body: { from: input.lead_id, into: input.user_id } }),
    response: contactSchema,
  }),
  defineOperation({
    name: 'contacts.companies',
    resource: 'contacts',
    summary: "List a contact's companies",
    ...READ,
    input: z.object({ ...contactId, ...pagingInput }),
    call: (input) => ({
      method: 'GET',
      path: path`/contacts/${input.contact_id}/companies`,
      query: { page: input.cursor ?? '1', per_page: input.limit },
    }),
    // The 2.16 schema names the array `companies`, the live API `data`.
    response: z
      .object({
        data: z.array(companySchema).nullish(),
        companies: z.array(companySchema).nullish(),
        total_count: z.number().nullish(),
        pages: numberedPages,
      })
      .loose(),
    output: pageOutput(companySchema, "One page of the contact's companies."),
    result: (response, input) => numberedPage(response.data ?? response.companies ?? [], response, input.cursor),
  }),
  defineOperation({
    name: 'contacts.tags',
    resource: 'contacts',
    summary: "List a contact's tags",
    ...READ,
    input: z.object({ ...contactId, ...pagingInput }),
    call: (input) => ({ method: 'GET', path: path`/contacts/${input.contact_id}/tags` }),
    response: z.object({ data: z.array(tagSchema) }).loose(),
    output: pageOutput(tagSchema, "One page of the contact's tags."),
    result: (response, input) => pageOfWhole(response.data, input),
  }),
  defineOperation({
    name: 'contacts.segments',
    resource: 'contacts',
    summary: "List a contact's segments",
    ...READ,
    input: z.object({ ...contactId, ...pagingInput }),
    call: (input) => ({ method: 'GET', path: path`/contacts/${input.contact_id}/segments` }),
    response: z.object({ data: z.array(segmentSchema) }).loose(),
    output: pageOutput(segmentSchema, "One page of the contact's segments."),
    result: (response, input) => pageOfWhole(response.data, input),
  }),
];
