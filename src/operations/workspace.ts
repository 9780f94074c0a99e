/** Notes, segments, admins, data attributes and data events: Ibexa Connect's remaining non-conversation modules. */
import { z } from 'zod';
import { meSchema } from '../intercom/schemas';
import {
  acknowledge,
  defineOperation,
  READ,
  done,
  id,
  intercomCursor,
  numberedPage,
  numberedPages,
  pageOfWhole,
  pageOutput,
  pagingInput,
  path,
  unixSeconds,
} from './definition';
import {
  activityLogSchema,
  dataAttributeFullSchema,
  eventSchema,
  eventSummarySchema,
  fullAdminSchema,
  noteSchema,
  segmentSchema,
} from './resource-schemas';

const noteOperations = [
  defineOperation({
    name: 'notes.list',
    resource: 'notes',
    summary: "List a contact's notes",
    ...READ,
    input: z.object({ contact_id: id('contact'), ...pagingInput }),
    call: (input) => ({
      method: 'GET',
      path: path`/contacts/${input.contact_id}/notes`,
      query: { page: input.cursor ?? '1', per_page: input.limit },
    }),
    response: z.object({ data: z.array(noteSchema), total_count: z.number().nullish(), pages: numberedPages }).loose(),
    output: pageOutput(noteSchema, "One page of the contact's notes, newest first."),
    result: (response, input) => numberedPage(response.data, response, input.cursor),
  }),
  defineOperation({
    name: 'notes.get',
    resource: 'notes',
    summary: 'Get a note',
    ...READ,
    input: z.object({ note_id: id('note') }),
    call: (input) => ({ method: 'GET', path: path`/notes/${input.note_id}` }),
    response: noteSchema,
  }),
  defineOperation({
    name: 'notes.create',
    resource: 'notes',
    summary: 'Create a note on a contact',
    input: z.object({
      contact_id: id('contact'),
      body: z.string().min(1).describe('The text of the note (HTML allowed).'),
      admin_id: id('admin').optional().describe('The admin who writes the note.'),
    }),
    call: (input) => ({
      method: 'POST',
      path: path`/contacts/${input.contact_id}/notes`,
      body: { body: input.body, ...(input.admin_id === undefined ? {} : { admin_id: input.admin_id }) },
    }),
    response: noteSchema,
  }),
];

const segmentOperations = [
  defineOperation({
    name: 'segments.list',
    resource: 'segments',
    summary: 'List segments',
    ...READ,
    input: z.object({
      type: z
        .enum(['user', 'lead'])
        .optional()
        .describe("Only segments of users, or of leads (Intercom's person_type `contact`)."),
      include_count: z.boolean().default(false).describe("Whether each segment carries its members' count."),
      ...pagingInput,
    }),
    call: (input) => ({ method: 'GET', path: '/segments', query: { include_count: input.include_count } }),
    response: z.object({ segments: z.array(segmentSchema).default([]) }).loose(),
    output: pageOutput(segmentSchema, 'One page of segments.'),
    result: (response, input) => {
      const personType = input.type === undefined ? undefined : input.type === 'user' ? 'user' : 'contact';
      const segments = response.segments.filter((s) => personType === undefined || s.person_type === personType);
      return pageOfWhole(segments, input);
    },
  }),
  defineOperation({
    name: 'segments.get',
    resource: 'segments',
    summary: 'Get a segment',
    ...READ,
    input: z.object({
      segment_id: id('segment'),
      include_count: z.boolean().default(false).describe("Whether the segment carries its members' count."),
    }),
    call: (input) => ({
      method: 'GET',
      path: path`/segments/${input.segment_id}`,
      query: { include_count: input.include_count },
    }),
    response: segmentSchema,
  }),
];

const adminOperations = [
  defineOperation({
    name: 'admins.me',
    resource: 'admins',
    summary: 'Get the authenticated admin and its workspace',
    ...READ,
    input: z.object({}),
    call: () => ({ method: 'GET', path: '/me' }),
    response: meSchema,
  }),
  defineOperation({
    name: 'admins.list',
    resource: 'admins',
    summary: 'List admins',
    ...READ,
    input: z.object(pagingInput),
    call: () => ({ method: 'GET', path: '/admins' }),
    response: z.object({ admins: z.array(fullAdminSchema).default([]) }).loose(),
    output: pageOutput(fullAdminSchema, 'One page of admins.'),
    result: (response, input) => pageOfWhole(response.admins, input),
  }),
  defineOperation({
    name: 'admins.get',
    resource: 'admins',
    summary: 'Get an admin',
    ...READ,
    input: z.object({ admin_id: id('admin') }),
    call: (input) => ({ method: 'GET', path: path`/admins/${input.admin_id}` }),
    response: fullAdminSchema,
  }),
  defineOperation({
    name: 'admins.set_away',
    resource: 'admins',
    summary: "Set an admin's away mode",
    repeatable: true,
    input: z.object({
      admin_id: id('admin'),
      away_mode_enabled: z.boolean(),
      away_mode_reassign: z.boolean().describe('Whether new replies go to the default inbox while away.'),
    }),
    call: ({ admin_id, ...body }) => ({ method: 'PUT', path: path`/admins/${admin_id}/away`, body }),
    response: fullAdminSchema,
  }),
  defineOperation({
    name: 'admins.activity_logs',
    resource: 'admins',
    summary: "List admins' activity logs",
    ...READ,
    input: z
      .object({
        created_at_after: unixSeconds('Logs created on or after'),
        created_at_before: unixSeconds('Logs created on or before').optional(),
        limit: pagingInput.limit,
        cursor: pagingInput.cursor,
      })
      .refine((input) => input.created_at_before === undefined || input.created_at_before >= input.created_at_after, {
        message: 'must not be before created_at_after',
        path: ['created_at_before'],
      }),
    call: (input) => ({
      method: 'GET',
      path: '/admins/activity_logs',
      query: {
        created_at_after: String(input.created_at_after),
        created_at_before: input.created_at_before === undefined ? undefined : String(input.created_at_before),
      },
    }),
    // Intercom answers the whole range at once: the pages are cut here.
    response: z.object({ activity_logs: z.array(activityLogSchema).default([]) }).loose(),
    output: pageOutput(activityLogSchema, 'One page of activity logs, newest first.'),
    result: (response, input) => pageOfWhole(response.activity_logs, input),
  }),
];

const dataAttributeFields = {
  description: z.string().optional(),
  options: z.array(z.string().min(1)).min(1).optional().describe('The choices of an `options` attribute.'),
  messenger_writable: z.boolean().optional(),
};

const dataAttributeOperations = [
  defineOperation({
    name: 'data_attributes.list',
    resource: 'data-attributes',
    summary: 'List data attributes',
    ...READ,
    input: z.object({
      model: z.enum(['contact', 'company']).optional().describe('Only the attributes of contacts, or of companies.'),
      include_archived: z.boolean().default(false),
      ...pagingInput,
    }),
    call: (input) => ({
      method: 'GET',
      path: '/data_attributes',
      query: { model: input.model, include_archived: input.include_archived },
    }),
    response: z.object({ data: z.array(dataAttributeFullSchema) }).loose(),
    output: pageOutput(dataAttributeFullSchema, 'One page of data attributes.'),
    result: (response, input) => pageOfWhole(response.data, input),
  }),
  defineOperation({
    name: 'data_attributes.create',
    resource: 'data-attributes',
    summary: 'Create a data attribute',
    input: z
      .object({
        name: z.string().min(1),
        model: z.enum(['contact', 'company']),
        data_type: z.enum(['string', 'integer', 'float', 'boolean', 'date', 'datetime', 'options']),
        ...dataAttributeFields,
      })
      .refine((input) => input.data_type !== 'options' || input.options !== undefined, {
        message: 'an options attribute needs its options',
        path: ['options'],
      }),
    call: (input) => ({
      method: 'POST',
      path: '/data_attributes',
      body: {
        ...input,
        ...(input.options === undefined ? {} : { options: input.options.map((value) => ({ value })) }),
      },
    }),
    response: dataAttributeFullSchema,
  }),
  defineOperation({
    name: 'data_attributes.update',
    resource: 'data-attributes',
    summary: 'Update a data attribute (options, description, archive)',
    repeatable: true,
    input: z.object({
      data_attribute_id: z.int().min(1).describe("The attribute's id."),
      archived: z.boolean().optional(),
      ...dataAttributeFields,
    }),
    call: ({ data_attribute_id, ...fields }) => ({
      method: 'PUT',
      path: path`/data_attributes/${data_attribute_id}`,
      body: {
        ...fields,
        ...(fields.options === undefined ? {} : { options: fields.options.map((value) => ({ value })) }),
      },
    }),
    response: dataAttributeFullSchema,
  }),
];

/** Who an event belongs to: exactly one of Intercom's id, your user_id (external_id) or the email. */
const eventContact = {
  intercom_user_id: z.string().min(1).optional().describe("The contact's Intercom id."),
  user_id: z.string().min(1).optional().describe('Your id of the user (external_id).'),
  email: z.email().optional(),
};
const oneIdentifier = (input: { intercom_user_id?: string; user_id?: string; email?: string }) =>
  [input.intercom_user_id, input.user_id, input.email].filter((value) => value !== undefined).length === 1;

/** `pages.next` of GET /events is a URL; its `starting_after` is the cursor. */
const cursorOfNextUrl = (next: string | null | undefined): string | null => {
  if (next === null || next === undefined) return null;
  try {
    return new URL(next).searchParams.get('starting_after');
  } catch {
    return null;
  }
};

const dataEventOperations = [
  defineOperation({
    name: 'data_events.list',
    resource: 'data-events',
    summary: "List a contact's data events (or their summary)",
    description: 'Intercom keeps the last 90 days. With `summary`, one line per event name: count, first, last.',
    ...READ,
    input: z
      .object({
        ...eventContact,
        summary: z.boolean().default(false),
        limit: z.int().min(1).max(100).default(50).describe('Events per page (1–100).'),
        cursor: intercomCursor,
      })
      .refine(oneIdentifier, { message: 'give exactly one of intercom_user_id, user_id or email', path: ['user_id'] }),
    call: (input) => ({
      method: 'GET',
      path: '/events',
      query: {
        type: 'user',
        intercom_user_id: input.intercom_user_id,
        user_id: input.user_id,
        email: input.email,
        ...(input.summary ? { summary: true } : { per_page: input.limit, starting_after: input.cursor }),
      },
    }),
    response: z
      .object({
        events: z.array(z.union([eventSchema, eventSummarySchema])).default([]),
        pages: z.object({ next: z.string().nullish() }).loose().nullish(),
      })
      .loose(),
    output: pageOutput(
      z.union([eventSchema, eventSummarySchema]),
      'One page of events, newest first (or, with summary, every event name once).',
    ),
    result: (response) => ({ data: response.events, next_cursor: cursorOfNextUrl(response.pages?.next) }),
  }),
  defineOperation({
    name: 'data_events.submit',
    resource: 'data-events',
    summary: 'Submit a data event',
    description:
      'Metadata values are strings, numbers, booleans, a rich link `{url, value}` or a monetary amount ' +
      '`{amount, currency}` (amount in cents). Intercom drops a duplicate (same contact, name and time).',
    repeatable: true,
    input: z
      .object({
        event_name: z.string().min(1).max(255),
        created_at: unixSeconds('When the event happened'),
        ...eventContact,
        metadata: z
          .record(
            z.string(),
            z.union([
              z.string(),
              z.number(),
              z.boolean(),
              z.object({ url: z.url(), value: z.string() }).describe('A rich link.'),
              z.object({ amount: z.int(), currency: z.string().length(3) }).describe('A monetary amount, in cents.'),
            ]),
          )
          .refine((metadata) => Object.keys(metadata).length <= 10, 'at most 10 metadata keys')
          .optional(),
      })
      .refine(oneIdentifier, { message: 'give exactly one of intercom_user_id, user_id or email', path: ['user_id'] }),
    call: ({ intercom_user_id, ...event }) => ({
      method: 'POST',
      path: '/events',
      body: { ...event, ...(intercom_user_id === undefined ? {} : { id: intercom_user_id }) },
    }),
    response: z.unknown(),
    output: done,
    result: acknowledge,
  }),
];

export const workspaceOperations = [
  ...noteOperations,
  ...segmentOperations,
  ...adminOperations,
  ...dataAttributeOperations,
  ...dataEventOperations,
];
