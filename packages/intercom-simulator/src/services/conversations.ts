/**
 * Conversations' shared rules: the lookups that answer Intercom's 404s, starting a conversation and adding
 * a part (each part moves `updated_at`), for the routes and the admin helpers alike.
 */
import type { SimulatorContext } from '../context';
import { IntercomHttpError, parameterNotFound } from '../errors';
import type { ConversationPartRecord, ConversationRecord } from '../records';

export function requireConversation(ctx: SimulatorContext, id: string): ConversationRecord {
  const conversation = ctx.store.conversations.get(id);
  if (!conversation) throw new IntercomHttpError(404, 'not_found', 'Conversation not found');
  return conversation;
}

export function requireAdmin(ctx: SimulatorContext, adminId: string | undefined): string {
  if (adminId === undefined) throw parameterNotFound('admin_id not specified', 'admin_id');
  if (!ctx.store.admins.has(adminId)) throw new IntercomHttpError(404, 'admin_not_found', 'Admin not found');
  return adminId;
}

/** Appends a part (a reply, a note, a state change), with the changes it brings. */
export function addPart(
  ctx: SimulatorContext,
  conversation: ConversationRecord,
  part: Omit<ConversationPartRecord, 'id' | 'created_at'>,
  changes: Partial<ConversationRecord> = {},
): ConversationRecord {
  const at = ctx.nowSeconds();
  const updated: ConversationRecord = {
    ...conversation,
    ...changes,
    updated_at: Math.max(at, conversation.updated_at),
    parts: [
      ...conversation.parts,
      { ...part, id: String(ctx.store.ids.numeric('conversation_part', 10_000)), created_at: at },
    ],
  };
  ctx.store.conversations.set(updated.id, updated);
  return updated;
}

/** A new open, unassigned conversation started by a contact or an admin. */
export function startConversation(
  ctx: SimulatorContext,
  input: {
    contactId: string;
    author: { type: 'admin' | 'user' | 'lead'; id: string };
    body: string;
    subject: string | null;
    kind: 'conversation' | 'email';
    deliveredAs: 'customer_initiated' | 'admin_initiated';
  },
): ConversationRecord {
  const at = ctx.nowSeconds();
  const id = String(ctx.store.ids.numeric('conversation', 100));
  const conversation: ConversationRecord = {
    id,
    title: input.subject,
    created_at: at,
    updated_at: at,
    state: 'open',
    read: false,
    priority: 'none',
    admin_assignee_id: 0,
    team_assignee_id: 0,
    contact_ids: [input.contactId],
    tag_ids: [],
    source: {
      type: input.kind,
      delivered_as: input.deliveredAs,
      subject: input.subject ?? '',
      body: input.body.trim().startsWith('<') ? input.body : `<p>${input.body}</p>`,
      author: input.author,
    },
    parts: [],
  };
  ctx.store.conversations.set(id, conversation);
  return conversation;
}
