/**
 * Conversation wire format (spec schema `conversation`, 2.16): source, contacts, conversation_parts,
 * assignee ids (0 when unassigned since 2.16), and the 5-level priority. Enough for webhook payloads and
 * GET /conversations/{id}; statistics and SLA details are left empty.
 */
import type { IntercomStore } from '../store';
import type { ConversationRecord } from '../records';
import type { JsonObject } from './contact';
import { tagToJson } from './resources';

function authorJson(store: IntercomStore, author: { type: string; id: string }): JsonObject {
  if (author.type === 'admin') {
    const admin = store.admins.get(author.id);
    return { type: 'admin', id: author.id, name: admin?.name ?? null, email: admin?.email ?? '' };
  }
  const contact = store.contacts.get(author.id);
  return { type: author.type, id: author.id, name: contact?.name ?? null, email: contact?.email ?? '' };
}

export function conversationToJson(store: IntercomStore, conversation: ConversationRecord): JsonObject {
  const tags = conversation.tag_ids.flatMap((id) => {
    const tag = store.tags.get(id);
    return tag
      ? [{ ...tagToJson(tag), applied_at: conversation.created_at, applied_by: { type: 'admin', id: store.meAdminId } }]
      : [];
  });
  return {
    type: 'conversation',
    id: conversation.id,
    title: conversation.title,
    created_at: conversation.created_at,
    updated_at: conversation.updated_at,
    waiting_since: null,
    snoozed_until: conversation.state === 'snoozed' ? (conversation.snoozed_until ?? null) : null,
    open: conversation.state === 'open',
    state: conversation.state,
    read: conversation.read,
    priority: conversation.priority,
    admin_assignee_id: conversation.admin_assignee_id,
    team_assignee_id: conversation.team_assignee_id,
    tags: { type: 'tag.list', tags },
    conversation_rating: null,
    source: {
      type: conversation.source.type,
      id: `${conversation.id}0`,
      delivered_as: conversation.source.delivered_as,
      subject: conversation.source.subject,
      body: conversation.source.body,
      author: authorJson(store, conversation.source.author),
      attachments: [],
      url: null,
      redacted: false,
    },
    contacts: {
      type: 'contact.list',
      contacts: conversation.contact_ids.map((id) => ({
        type: 'contact',
        id,
        external_id: store.contacts.get(id)?.external_id ?? null,
      })),
    },
    teammates: {
      type: 'admin.list',
      teammates:
        conversation.admin_assignee_id === 0 ? [] : [{ type: 'admin', id: String(conversation.admin_assignee_id) }],
    },
    custom_attributes: { ...conversation.custom_attributes },
    first_contact_reply: null,
    sla_applied: null,
    statistics: null,
    conversation_parts: {
      type: 'conversation_part.list',
      conversation_parts: conversation.parts.map((part) => ({
        type: 'conversation_part',
        id: part.id,
        part_type: part.part_type,
        body: part.body,
        created_at: part.created_at,
        updated_at: part.created_at,
        notified_at: part.created_at,
        assigned_to: part.assigned_to === null ? null : { type: 'admin', id: part.assigned_to },
        author: authorJson(store, part.author),
        attachments: [],
        external_id: null,
        redacted: false,
      })),
      total_count: conversation.parts.length,
    },
    linked_objects: { type: 'list', data: [], total_count: 0, has_more: false },
    ai_agent_participated: false,
  };
}
