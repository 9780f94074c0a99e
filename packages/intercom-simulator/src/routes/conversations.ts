/**
 * Conversations (2.16): GET /conversations (cursor pages, newest update first), POST /conversations/search
 * (the search query language over the conversation's own fields, exact timestamps; `sort` by created_at
 * or updated_at), POST /conversations
 * (contact-initiated; answers the message with its `conversation_id`), POST /messages (admin-initiated,
 * in-app or email, always creating the conversation here), replies as a contact or an admin (`last` replies
 * to the contact's latest conversation), POST .../parts (close, open, snooze, assignment), PUT (read, title,
 * custom attributes) and the participants (POST .../customers, DELETE .../customers/{id}).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SimulatorContext } from '../context';
import { parseBody, queryString } from '../body';
import { IntercomHttpError, parameterInvalid, parameterNotFound } from '../errors';
import { clampPerPage, compareEntries, cursorPagesJson, pageAfterCursor, type SortEntry } from '../pagination';
import type { ConversationRecord } from '../records';
import { conversationToJson } from '../serialize/conversation';
import { addPart, requireAdmin, requireConversation, startConversation } from '../services/conversations';

type Params = { conversation_id: string };

const idText = z.union([z.string(), z.number().int().transform(String)]);

/** A contact by Intercom id, external id (`user_id`) or email, as the participant and reply bodies name one. */
function findContact(ctx: SimulatorContext, who: { intercom_user_id?: string; user_id?: string; email?: string }) {
  if (who.intercom_user_id !== undefined) return ctx.store.contacts.get(who.intercom_user_id);
  if (who.user_id !== undefined) return ctx.store.contactsByExternalId('user', who.user_id)[0];
  if (who.email !== undefined) {
    return ctx.store.contactsByEmail('user', who.email)[0] ?? ctx.store.contactsByEmail('lead', who.email)[0];
  }
  return undefined;
}

function requireContact(ctx: SimulatorContext, who: { intercom_user_id?: string; user_id?: string; email?: string }) {
  const contact = findContact(ctx, who);
  if (!contact) throw new IntercomHttpError(404, 'not_found', 'User Not Found');
  return contact;
}

// ---- search ------------------------------------------------------------------------------------

type Scalar = string | number | boolean | null;

/** The fields POST /conversations/search filters on here, read from the record. */
const SEARCH_FIELDS: Record<string, (c: ConversationRecord) => Scalar | Scalar[]> = {
  id: (c) => c.id,
  created_at: (c) => c.created_at,
  updated_at: (c) => c.updated_at,
  state: (c) => c.state,
  open: (c) => c.state === 'open',
  read: (c) => c.read,
  priority: (c) => c.priority !== 'none',
  title: (c) => c.title,
  admin_assignee_id: (c) => c.admin_assignee_id,
  team_assignee_id: (c) => c.team_assignee_id,
  contact_ids: (c) => c.contact_ids,
  tag_ids: (c) => c.tag_ids,
  'source.type': (c) => c.source.type,
  'source.delivered_as': (c) => c.source.delivered_as,
  'source.subject': (c) => c.source.subject,
  'source.body': (c) => c.source.body,
  'source.author.id': (c) => c.source.author.id,
  'source.author.type': (c) => c.source.author.type,
};

const filterSchema = z.object({ field: z.string(), operator: z.string(), value: z.unknown() });

function compare(actual: Scalar, operator: string, expected: unknown): boolean {
  const a = typeof actual === 'string' ? actual.toLowerCase() : actual;
  const e = typeof expected === 'string' ? expected.toLowerCase() : expected;
  const numeric = typeof actual === 'number' ? Number(expected) : undefined;
  switch (operator) {
    case '=':
      return numeric !== undefined ? actual === numeric : a === e || String(a) === String(e);
    case '!=':
      return numeric !== undefined ? actual !== numeric : !(a === e || String(a) === String(e));
    case '>':
      return numeric !== undefined && (actual as number) > numeric;
    case '<':
      return numeric !== undefined && (actual as number) < numeric;
    case '~':
      return typeof a === 'string' && a.includes(String(e));
    case '!~':
      return typeof a === 'string' && !a.includes(String(e));
    case '^':
      return typeof a === 'string' && a.startsWith(String(e));
    case '$':
      return typeof a === 'string' && a.endsWith(String(e));
    default:
      throw parameterInvalid(`Operator '${operator}' is not supported`, 'query.operator');
  }
}

function compile(query: unknown, depth: number): (c: ConversationRecord) => boolean {
  const node = query as { operator?: unknown; value?: unknown; field?: unknown };
  if ((node.operator === 'AND' || node.operator === 'OR') && Array.isArray(node.value)) {
    if (depth >= 2) throw parameterInvalid('Nesting of more than 2 levels is not supported', 'query');
    const members = node.value.map((member) => compile(member, depth + 1));
    return node.operator === 'AND' ? (c) => members.every((m) => m(c)) : (c) => members.some((m) => m(c));
  }
  const filter = filterSchema.safeParse(query);
  if (!filter.success) throw parameterInvalid('invalid query', 'query');
  const read = SEARCH_FIELDS[filter.data.field];
  if (!read) throw parameterInvalid(`'${filter.data.field}' is not a searchable field`, 'query.field');
  const { operator, value } = filter.data;
  return (conversation) => {
    const actual = read(conversation);
    if (Array.isArray(actual)) {
      if (operator === 'IN') return Array.isArray(value) && value.some((v) => actual.includes(String(v)));
      if (operator === 'NIN') return Array.isArray(value) && !value.some((v) => actual.includes(String(v)));
      const has = actual.includes(String(value));
      return operator === '!=' ? !has : operator === '=' && has;
    }
    if (operator === 'IN' || operator === 'NIN') {
      if (!Array.isArray(value)) throw parameterInvalid(`${operator} needs an array`, 'query.value');
      const found = value.some((v) => compare(actual, '=', v));
      return operator === 'IN' ? found : !found;
    }
    return compare(actual, operator, value);
  };
}

/** How a list is ordered: by a timestamp, newest first unless asked otherwise (search's `sort`). */
interface ListOrder {
  field: 'updated_at' | 'created_at';
  descending: boolean;
}

const sortSchema = z.object({
  field: z.enum(['updated_at', 'created_at']),
  order: z.enum(['ascending', 'descending']).optional(),
});

function listJson(
  ctx: SimulatorContext,
  items: ConversationRecord[],
  perPage: number,
  startingAfter: string | undefined,
  order: ListOrder = { field: 'updated_at', descending: true },
) {
  const entryOf = (c: ConversationRecord): SortEntry => ({ key: c[order.field], id: c.id });
  const sorted = [...items].sort((a, b) => compareEntries(entryOf(a), entryOf(b), order.descending));
  const page = pageAfterCursor(sorted, entryOf, order.descending, perPage, startingAfter);
  return {
    type: 'conversation.list',
    conversations: page.items.map((conversation) => conversationToJson(ctx.store, conversation)),
    total_count: page.totalCount,
    pages: cursorPagesJson(page),
  };
}

// ---- bodies ------------------------------------------------------------------------------------

const createSchema = z.object({
  from: z.object({ type: z.enum(['lead', 'user', 'contact']), id: z.string() }),
  body: z.string(),
  subject: z.string().optional(),
  created_at: z.number().int().optional(),
});

const messageSchema = z.object({
  message_type: z.enum(['in_app', 'inapp', 'email']),
  subject: z.string().optional(),
  body: z.string(),
  template: z.string().optional(),
  from: z.object({ type: z.literal('admin'), id: idText }),
  to: z.object({ type: z.enum(['user', 'lead', 'contact']), id: z.string() }),
  create_conversation_without_contact_reply: z.boolean().optional(),
});

const replySchema = z.object({
  message_type: z.enum(['comment', 'note', 'quick_reply']),
  type: z.enum(['admin', 'user']),
  body: z.string().optional(),
  admin_id: idText.optional(),
  intercom_user_id: z.string().optional(),
  user_id: z.string().optional(),
  email: z.string().optional(),
  attachment_urls: z.array(z.string()).max(10).optional(),
  created_at: z.number().int().optional(),
});

const partSchema = z.object({
  message_type: z.enum(['close', 'open', 'snoozed', 'assignment']),
  type: z.enum(['admin', 'team']).optional(),
  admin_id: idText.optional(),
  assignee_id: idText.optional(),
  snoozed_until: z.number().int().optional(),
  body: z.string().optional(),
});

const updateSchema = z.object({
  read: z.boolean().optional(),
  title: z.string().optional(),
  custom_attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  company_id: z.string().nullable().optional(),
});

const participantSchema = z.object({
  admin_id: idText.optional(),
  customer: z
    .object({ intercom_user_id: z.string().optional(), user_id: z.string().optional(), email: z.string().optional() })
    .optional(),
});

const messageJson = (ctx: SimulatorContext, conversation: ConversationRecord, messageType: string) => ({
  type:
    messageType === 'email'
      ? 'admin_message'
      : conversation.source.delivered_as === 'admin_initiated'
        ? 'admin_message'
        : 'user_message',
  id: String(ctx.store.ids.numeric('message', 1_000_000)),
  created_at: conversation.created_at,
  subject: conversation.source.subject,
  body: conversation.source.body,
  message_type: messageType,
  conversation_id: conversation.id,
});

export function registerConversationRoutes(app: FastifyInstance, ctx: SimulatorContext): void {
  app.get('/conversations', (request) => {
    const query = request.query as Record<string, unknown>;
    return listJson(
      ctx,
      [...ctx.store.conversations.values()],
      clampPerPage(query.per_page, 20, 150),
      queryString(query.starting_after),
    );
  });

  app.post('/conversations/search', (request) => {
    const body = parseBody(
      z.object({
        query: z.unknown(),
        pagination: z
          .object({ per_page: z.number().int().optional(), starting_after: z.string().nullable().optional() })
          .optional(),
        sort: sortSchema.optional(),
      }),
      request.body,
    );
    if (body.query === undefined) throw parameterNotFound('query is required', 'query');
    const matches = compile(body.query, 0);
    return listJson(
      ctx,
      [...ctx.store.conversations.values()].filter(matches),
      clampPerPage(body.pagination?.per_page, 20, 150),
      body.pagination?.starting_after ?? undefined,
      body.sort === undefined ? undefined : { field: body.sort.field, descending: body.sort.order !== 'ascending' },
    );
  });

  app.post('/conversations', (request) => {
    const body = parseBody(createSchema, request.body);
    const contact = ctx.store.contacts.get(body.from.id);
    if (!contact) throw new IntercomHttpError(404, 'not_found', 'User Not Found');
    const conversation = startConversation(ctx, {
      contactId: contact.id,
      author: { type: contact.role, id: contact.id },
      body: body.body,
      subject: body.subject ?? null,
      kind: 'conversation',
      deliveredAs: 'customer_initiated',
    });
    return messageJson(ctx, conversation, 'inapp');
  });

  app.post('/messages', (request) => {
    const body = parseBody(messageSchema, request.body);
    const adminId = requireAdmin(ctx, body.from.id);
    const contact = ctx.store.contacts.get(body.to.id);
    if (!contact) throw new IntercomHttpError(404, 'not_found', 'User Not Found');
    if (body.message_type === 'email' && body.subject === undefined) {
      throw parameterInvalid('subject is required for email messages', 'subject');
    }
    const conversation = startConversation(ctx, {
      contactId: contact.id,
      author: { type: 'admin', id: adminId },
      body: body.body,
      subject: body.subject ?? null,
      kind: body.message_type === 'email' ? 'email' : 'conversation',
      deliveredAs: 'admin_initiated',
    });
    return messageJson(ctx, conversation, body.message_type === 'email' ? 'email' : 'inapp');
  });

  app.post<{ Params: Params }>('/conversations/:conversation_id/reply', (request) => {
    const body = parseBody(replySchema, request.body);
    if (body.message_type !== 'quick_reply' && (body.body === undefined || body.body === '')) {
      throw parameterNotFound('body is required', 'body');
    }
    let author: { type: 'admin' | 'user' | 'lead'; id: string };
    let contactId: string | undefined;
    if (body.type === 'admin') {
      author = { type: 'admin', id: requireAdmin(ctx, body.admin_id) };
    } else {
      if (body.message_type !== 'comment')
        throw parameterInvalid('contacts can only reply with a comment', 'message_type');
      const contact = requireContact(ctx, body);
      author = { type: contact.role, id: contact.id };
      contactId = contact.id;
    }
    let conversation: ConversationRecord;
    if (request.params.conversation_id === 'last') {
      // The latest conversation of the contact named in the body.
      const who = contactId ?? findContact(ctx, body)?.id;
      if (who === undefined)
        throw parameterNotFound('a contact is needed to reply to the last conversation', 'intercom_user_id');
      const latest = [...ctx.store.conversations.values()]
        .filter((c) => c.contact_ids.includes(who))
        .sort((a, b) => b.updated_at - a.updated_at)[0];
      if (!latest) throw new IntercomHttpError(404, 'not_found', 'Resource Not Found');
      conversation = latest;
    } else {
      conversation = requireConversation(ctx, request.params.conversation_id);
    }
    const attachments = (body.attachment_urls ?? []).map((url) => `<p><a href="${url}">${url}</a></p>`).join('');
    const updated = addPart(ctx, conversation, {
      part_type: body.message_type === 'note' ? 'note' : 'comment',
      body: `${body.body ?? ''}${attachments}`,
      author,
      assigned_to: null,
    });
    return conversationToJson(ctx.store, updated);
  });

  app.post<{ Params: Params }>('/conversations/:conversation_id/parts', (request) => {
    const body = parseBody(partSchema, request.body);
    const conversation = requireConversation(ctx, request.params.conversation_id);
    const adminId = requireAdmin(ctx, body.admin_id);
    const author = { type: 'admin' as const, id: adminId };
    const note = body.body ?? null;
    let updated: ConversationRecord;
    switch (body.message_type) {
      case 'close':
        updated = addPart(
          ctx,
          conversation,
          { part_type: 'close', body: note, author, assigned_to: null },
          { state: 'closed' },
        );
        break;
      case 'open':
        updated = addPart(
          ctx,
          conversation,
          { part_type: 'open', body: note, author, assigned_to: null },
          { state: 'open', snoozed_until: null },
        );
        break;
      case 'snoozed':
        if (body.snoozed_until === undefined) throw parameterNotFound('snoozed_until is required', 'snoozed_until');
        if (body.snoozed_until <= ctx.nowSeconds())
          throw parameterInvalid('snoozed_until must be in the future', 'snoozed_until');
        updated = addPart(
          ctx,
          conversation,
          { part_type: 'snoozed', body: note, author, assigned_to: null },
          { state: 'snoozed', snoozed_until: body.snoozed_until },
        );
        break;
      case 'assignment': {
        if (body.type === undefined) throw parameterNotFound('type is required', 'type');
        if (body.assignee_id === undefined) throw parameterNotFound('assignee_id is required', 'assignee_id');
        const assignee = body.assignee_id;
        if (body.type === 'admin' && assignee !== '0' && !ctx.store.admins.has(assignee)) {
          throw new IntercomHttpError(404, 'admin_not_found', 'Admin not found');
        }
        const changes =
          body.type === 'admin' ? { admin_assignee_id: Number(assignee) } : { team_assignee_id: Number(assignee) };
        updated = addPart(
          ctx,
          conversation,
          { part_type: 'assignment', body: note, author, assigned_to: assignee === '0' ? null : assignee },
          changes,
        );
        break;
      }
    }
    return conversationToJson(ctx.store, updated);
  });

  app.put<{ Params: Params }>('/conversations/:conversation_id', (request) => {
    const body = parseBody(updateSchema, request.body);
    const conversation = requireConversation(ctx, request.params.conversation_id);
    const updated: ConversationRecord = {
      ...conversation,
      ...(body.read === undefined ? {} : { read: body.read }),
      ...(body.title === undefined ? {} : { title: body.title }),
      custom_attributes: { ...conversation.custom_attributes, ...body.custom_attributes },
      updated_at: Math.max(ctx.nowSeconds(), conversation.updated_at),
    };
    ctx.store.conversations.set(updated.id, updated);
    return conversationToJson(ctx.store, updated);
  });

  app.post<{ Params: Params }>('/conversations/:conversation_id/customers', (request) => {
    const body = parseBody(participantSchema, request.body);
    const conversation = requireConversation(ctx, request.params.conversation_id);
    const adminId = requireAdmin(ctx, body.admin_id);
    if (body.customer === undefined) throw parameterNotFound('customer is required', 'customer');
    const contact = requireContact(ctx, body.customer);
    if (conversation.contact_ids.includes(contact.id)) return conversationToJson(ctx.store, conversation);
    const updated = addPart(
      ctx,
      conversation,
      { part_type: 'participant_added', body: null, author: { type: 'admin', id: adminId }, assigned_to: null },
      { contact_ids: [...conversation.contact_ids, contact.id] },
    );
    return conversationToJson(ctx.store, updated);
  });

  app.delete<{ Params: Params & { contact_id: string } }>(
    '/conversations/:conversation_id/customers/:contact_id',
    (request) => {
      const body = parseBody(z.object({ admin_id: idText.optional() }), request.body);
      const conversation = requireConversation(ctx, request.params.conversation_id);
      const adminId = requireAdmin(ctx, body.admin_id);
      const contactId = request.params.contact_id;
      if (!conversation.contact_ids.includes(contactId)) {
        throw new IntercomHttpError(404, 'not_found', 'User Not Found');
      }
      if (conversation.contact_ids.length === 1) {
        throw new IntercomHttpError(422, 'parameter_invalid', 'Removing the last customer is not allowed');
      }
      const updated = addPart(
        ctx,
        conversation,
        { part_type: 'participant_removed', body: null, author: { type: 'admin', id: adminId }, assigned_to: null },
        { contact_ids: conversation.contact_ids.filter((id) => id !== contactId) },
      );
      return conversationToJson(ctx.store, updated);
    },
  );
}
