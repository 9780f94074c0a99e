/** Conversations: list, search, get, create (contact- or admin-initiated), reply, assign, state, participants. */
import { z } from 'zod';
import { searchBody, searchQuerySchema } from './contacts';
import {
  cursorPage,
  cursorPages,
  defineOperation,
  id,
  intercomCursor,
  limitInput,
  pageOutput,
  path,
  READ,
  unixSeconds,
  type OperationCall,
} from './definition';
import { conversationSchema, messageSchema } from './resource-schemas';

const conversationId = { conversation_id: id('conversation') };
const adminId = { admin_id: id('admin').describe('The admin who acts.') };

const conversationList = z
  .object({
    conversations: z.array(conversationSchema).default([]),
    total_count: z.number().nullish(),
    pages: cursorPages,
  })
  .loose();
const conversationPage = pageOutput(conversationSchema, 'One page of conversations.');
const pageOfList = (response: z.infer<typeof conversationList>) => cursorPage(response.conversations, response);

/** A state change (POST /conversations/{id}/parts) on behalf of an admin. */
const part = (conversation: string, body: Record<string, unknown>): OperationCall => ({
  method: 'POST',
  path: path`/conversations/${conversation}/parts`,
  body,
});

export const conversationOperations = [
  defineOperation({
    name: 'conversations.list',
    resource: 'conversations',
    summary: 'List conversations',
    description: 'Newest update first. For other orders or a date bound, use conversations.search.',
    ...READ,
    input: z.object({ limit: limitInput, cursor: intercomCursor }),
    call: (input) => ({
      method: 'GET',
      path: '/conversations',
      query: { per_page: input.limit, starting_after: input.cursor },
    }),
    response: conversationList,
    output: conversationPage,
    result: pageOfList,
  }),
  defineOperation({
    name: 'conversations.search',
    resource: 'conversations',
    summary: 'Search conversations',
    description:
      'One filter or AND/OR groups (e.g. `{field: "updated_at", operator: "<", value: <Unix seconds>}` for ' +
      'conversations updated before a date), sorted by `created_at` or `updated_at`.',
    ...READ,
    input: z.object({
      query: searchQuerySchema,
      sort: z
        .object({ field: z.enum(['created_at', 'updated_at']), order: z.enum(['ascending', 'descending']) })
        .optional(),
      limit: limitInput,
      cursor: intercomCursor,
    }),
    call: (input) => ({ method: 'POST', path: '/conversations/search', body: searchBody(input) }),
    response: conversationList,
    output: conversationPage,
    result: pageOfList,
  }),
  defineOperation({
    name: 'conversations.get',
    resource: 'conversations',
    summary: 'Get a conversation',
    ...READ,
    input: z.object(conversationId),
    call: (input) => ({ method: 'GET', path: path`/conversations/${input.conversation_id}` }),
    response: conversationSchema,
  }),
  defineOperation({
    name: 'conversations.create_from_contact',
    resource: 'conversations',
    summary: 'Create a contact-initiated conversation',
    description: 'As if the contact wrote in. The answer is the message, naming the new `conversation_id`.',
    input: z.object({
      contact_id: id('contact').describe('The user or lead who writes.'),
      body: z.string().min(1).describe('The text (no HTML).'),
    }),
    call: (input) => ({
      method: 'POST',
      path: '/conversations',
      body: { from: { type: 'contact', id: input.contact_id }, body: input.body },
    }),
    response: messageSchema,
  }),
  defineOperation({
    name: 'conversations.create_from_admin',
    resource: 'conversations',
    summary: 'Create an admin-initiated conversation (in-app or email)',
    description: 'A message from an admin to a contact that opens a conversation (POST /messages).',
    input: z
      .object({
        ...adminId,
        contact_id: id('contact').describe('The recipient.'),
        contact_role: z.enum(['user', 'lead']).default('user').describe("The recipient's role."),
        message_type: z.enum(['in_app', 'email']),
        subject: z.string().min(1).optional().describe('The email subject (required for email).'),
        body: z.string().min(1),
        template: z.enum(['plain', 'personal']).optional().describe('The style of an email.'),
      })
      .refine((input) => input.message_type !== 'email' || input.subject !== undefined, {
        message: 'an email needs a subject',
        path: ['subject'],
      }),
    call: (input) => ({
      method: 'POST',
      path: '/messages',
      body: {
        message_type: input.message_type,
        ...(input.subject === undefined ? {} : { subject: input.subject }),
        body: input.body,
        ...(input.template === undefined ? {} : { template: input.template }),
        from: { type: 'admin', id: Number(input.admin_id) },
        to: { type: input.contact_role, id: input.contact_id },
        create_conversation_without_contact_reply: true,
      },
    }),
    response: messageSchema,
  }),
  defineOperation({
    name: 'conversations.reply',
    resource: 'conversations',
    summary: 'Reply to a conversation (as a contact or an admin)',
    description:
      "An admin's comment or note, or a contact's comment, with attachment URLs. Without `conversation_id` " +
      "the reply goes to the contact's last conversation (`contact_id` then names the contact).",
    input: z
      .object({
        conversation_id: id('conversation').optional(),
        as: z.enum(['admin', 'contact']),
        admin_id: id('admin').optional().describe('The admin who replies (with `as: admin`).'),
        contact_id: id('contact')
          .optional()
          .describe('The contact who replies (with `as: contact`), or whose last conversation is meant.'),
        message_type: z.enum(['comment', 'note']).default('comment').describe('A note is only seen by admins.'),
        body: z.string().min(1),
        attachment_urls: z.array(z.url()).max(10).optional(),
      })
      .superRefine((input, context) => {
        if (input.as === 'admin' && input.admin_id === undefined) {
          context.addIssue({ code: 'custom', message: 'an admin reply needs admin_id', path: ['admin_id'] });
        }
        if (input.as === 'contact' && input.contact_id === undefined) {
          context.addIssue({ code: 'custom', message: 'a contact reply needs contact_id', path: ['contact_id'] });
        }
        if (input.as === 'contact' && input.message_type === 'note') {
          context.addIssue({ code: 'custom', message: 'only admins write notes', path: ['message_type'] });
        }
        if (input.conversation_id === undefined && input.contact_id === undefined) {
          context.addIssue({
            code: 'custom',
            message: "give conversation_id, or contact_id for the contact's last conversation",
            path: ['conversation_id'],
          });
        }
      }),
    call: (input) => ({
      method: 'POST',
      path: path`/conversations/${input.conversation_id ?? 'last'}/reply`,
      body: {
        message_type: input.message_type,
        type: input.as === 'admin' ? 'admin' : 'user',
        body: input.body,
        ...(input.as === 'admin' ? { admin_id: input.admin_id } : {}),
        ...(input.contact_id === undefined ? {} : { intercom_user_id: input.contact_id }),
        ...(input.attachment_urls === undefined ? {} : { attachment_urls: input.attachment_urls }),
      },
    }),
    response: conversationSchema,
  }),
  defineOperation({
    name: 'conversations.assign',
    resource: 'conversations',
    summary: 'Assign a conversation to an admin or a team',
    repeatable: true,
    input: z.object({
      ...conversationId,
      ...adminId,
      assignee_type: z.enum(['admin', 'team']),
      assignee_id: z.string().min(1).describe('The admin or team id; `0` unassigns.'),
      body: z.string().min(1).optional().describe('A note left with the assignment.'),
    }),
    call: (input) =>
      part(input.conversation_id, {
        message_type: 'assignment',
        type: input.assignee_type,
        admin_id: input.admin_id,
        assignee_id: input.assignee_id,
        ...(input.body === undefined ? {} : { body: input.body }),
      }),
    response: conversationSchema,
  }),
  defineOperation({
    name: 'conversations.snooze',
    resource: 'conversations',
    summary: 'Snooze a conversation',
    repeatable: true,
    input: z.object({ ...conversationId, ...adminId, snoozed_until: unixSeconds('When it reopens') }),
    call: (input) =>
      part(input.conversation_id, {
        message_type: 'snoozed',
        admin_id: input.admin_id,
        snoozed_until: input.snoozed_until,
      }),
    response: conversationSchema,
  }),
  defineOperation({
    name: 'conversations.close',
    resource: 'conversations',
    summary: 'Close a conversation',
    repeatable: true,
    input: z.object({ ...conversationId, ...adminId, body: z.string().min(1).optional() }),
    call: (input) =>
      part(input.conversation_id, {
        message_type: 'close',
        type: 'admin',
        admin_id: input.admin_id,
        ...(input.body === undefined ? {} : { body: input.body }),
      }),
    response: conversationSchema,
  }),
  defineOperation({
    name: 'conversations.open',
    resource: 'conversations',
    summary: 'Open a conversation',
    repeatable: true,
    input: z.object({ ...conversationId, ...adminId }),
    call: (input) => part(input.conversation_id, { message_type: 'open', admin_id: input.admin_id }),
    response: conversationSchema,
  }),
  defineOperation({
    name: 'conversations.mark_read',
    resource: 'conversations',
    summary: 'Mark a conversation as read',
    repeatable: true,
    input: z.object(conversationId),
    call: (input) => ({ method: 'PUT', path: path`/conversations/${input.conversation_id}`, body: { read: true } }),
    response: conversationSchema,
  }),
  defineOperation({
    name: 'conversations.update',
    resource: 'conversations',
    summary: "Update a conversation's custom attributes or title",
    repeatable: true,
    input: z
      .object({
        ...conversationId,
        title: z.string().min(1).optional(),
        custom_attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
      })
      .refine((input) => input.title !== undefined || input.custom_attributes !== undefined, {
        message: 'give a title or custom_attributes',
        path: ['custom_attributes'],
      }),
    call: ({ conversation_id, ...fields }) => ({
      method: 'PUT',
      path: path`/conversations/${conversation_id}`,
      body: fields,
    }),
    response: conversationSchema,
  }),
  defineOperation({
    name: 'conversations.attach_contact',
    resource: 'conversations',
    summary: 'Attach a contact to a conversation as a participant',
    repeatable: true,
    input: z.object({ ...conversationId, ...adminId, contact_id: id('contact') }),
    call: (input) => ({
      method: 'POST',
      path: path`/conversations/${input.conversation_id}/customers`,
      body: { admin_id: input.admin_id, customer: { intercom_user_id: input.contact_id } },
    }),
    response: conversationSchema,
  }),
  defineOperation({
    name: 'conversations.detach_contact',
    resource: 'conversations',
    summary: 'Detach a participant from a conversation',
    repeatable: true,
    input: z.object({ ...conversationId, ...adminId, contact_id: id('contact') }),
    call: (input) => ({
      method: 'DELETE',
      path: path`/conversations/${input.conversation_id}/customers/${input.contact_id}`,
      body: { admin_id: input.admin_id },
    }),
    response: conversationSchema,
  }),
];
