/**
 * Intercom 2.x webhook notifications: the envelope, which Intercom entity each one belongs to, and,
 * for conversation topics, the Hull event with its properties. Pure, so the API can decide in
 * microseconds what to hand to Temporal, and hand over only what is needed (a conversation carries
 * up to 500 parts; the event needs one).
 */
import { z } from 'zod';
import { TOPIC_TABLE, type TableTopic, type TopicAction } from './topics';

export const intercomNotificationSchema = z
  .object({
    type: z.literal('notification_event', { error: 'type must be "notification_event"' }),
    id: z.string().min(1, { error: 'id (the notification id) is required' }),
    topic: z.string().min(1, { error: 'topic is required' }),
    app_id: z.string().nullish(),
    created_at: z.number({ error: 'created_at must be a Unix timestamp' }),
    data: z.object({ item: z.record(z.string(), z.unknown(), { error: 'data.item must be an object' }) }).loose(),
  })
  .loose();
export type IntercomNotification = z.infer<typeof intercomNotificationSchema>;

/** What travels to an entity's workflow: one notification, trimmed to what its topic needs. */
export interface EntityNotification {
  /** Dedupe key: the notification id (plus the contact id for conversation events with several contacts). */
  id: string;
  /** The Intercom contact or company id the notification belongs to. */
  entityId?: string;
  topic: string;
  tableTopic: TableTopic;
  createdAt: number;
  action: TopicAction;
  contact?: Record<string, unknown>;
  /**
   * The delivered item was too large to carry (MAX_CARRIED_ITEM_BYTES): `contact` or `company` holds
   * only its id and a few scalars, and the workflow re-reads the entity from Intercom.
   */
  reread?: boolean;
  tag?: { id: string; name: string };
  company?: Record<string, unknown>;
  event?: { name: string; properties: Record<string, unknown>; occurredAt: number };
}

export interface NotificationTarget {
  entity: { kind: 'contact' | 'company'; id: string };
  notification: EntityNotification;
}

/** `invalid`: the notification is malformed (a 400 with this reason); `ignored`: well-formed, nothing to do. */
export type NotificationPlan = { targets: NotificationTarget[] } | { ignored: string } | { invalid: string };

/**
 * Beyond this size (JSON characters) a delivered contact or company is not carried into Temporal: the
 * signal holds a reference and the entity workflow re-reads the record from Intercom, as it does for a
 * stale payload. Real contacts are a few KiB; the bound keeps every signal far below Temporal's 2 MiB.
 */
export const MAX_CARRIED_ITEM_BYTES = 64 * 1024;

/** A conversation event's message (plain text) is cut here: a Hull event property, not an archive. */
export const MAX_EVENT_TEXT_CHARS = 10_000;

/** Intercom's contact and company ids: 24 hexadecimal characters (Mongo ObjectIds). */
const INTERCOM_OBJECT_ID = /^[0-9a-f]{24}$/;

/** Whether `id` has the form of an Intercom contact or company id (it becomes a workflow id and an anonymous id). */
export const isIntercomObjectId = (id: string): boolean => INTERCOM_OBJECT_ID.test(id);

/** The few scalars the workflow uses without the record (role for deletions, the freshness stamp). */
function referenceTo(item: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const key of ['type', 'id', 'role', 'updated_at', 'external_id', 'email', 'company_id'])
    if (typeof item[key] === 'string' || typeof item[key] === 'number') kept[key] = item[key];
  return kept;
}

/** The item itself when small, else a reference (and the flag that makes the workflow re-read it). */
function carried(item: Record<string, unknown>): { item: Record<string, unknown>; reread?: true } {
  return JSON.stringify(item).length <= MAX_CARRIED_ITEM_BYTES ? { item } : { item: referenceTo(item), reread: true };
}

const cut = (text: unknown): unknown =>
  typeof text === 'string' && text.length > MAX_EVENT_TEXT_CHARS ? `${text.slice(0, MAX_EVENT_TEXT_CHARS)}…` : text;

const objectAt = (value: unknown): Record<string, unknown> | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
const stringAt = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** HTML message bodies → plain text, for event properties people read. */
export function plainText(html: unknown): string | undefined {
  if (typeof html !== 'string') return undefined;
  const text = html
    .replace(/<br\s*\/?>|<\/p>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
  return text === '' ? undefined : text;
}

/** Topics whose event is about the conversation's opening message (Hull's `conversation_message`). */
const ABOUT_OPENING_MESSAGE = new Set<TableTopic>([
  'conversation.user.created',
  'conversation.admin.single.created',
  'conversation_part.tag.created',
]);

/** Topics on which Hull's connector repeated the assignee's id as `admin`. */
const WITH_ADMIN = new Set<TableTopic>([
  'conversation.admin.assigned',
  'conversation.admin.closed',
  'conversation.admin.opened',
]);

/**
 * A conversation event's properties, as the entity workflow receives them: the conversation's id and
 * link, state, the message and its author, the part type, the assignees, the tags added. As Hull's
 * connector shaped them: `message` is the new part's text, except that conversation starts and
 * `conversation_part.tag.created` carry the opening message, and `conversation_part.redacted` the part
 * as Intercom now shows it (its redaction marker); `initiated` is the type of whoever wrote that
 * message, or on assignments the assignee's type (`nobody_admin` when unassigned). The rest of Hull's
 * names are added when the event is written (`hullConversationProperties`).
 */
function conversationProperties(topic: TableTopic, conversation: Record<string, unknown>, appId: string | undefined) {
  const parts = objectAt(conversation.conversation_parts)?.conversation_parts;
  const latest = Array.isArray(parts) ? objectAt(parts[parts.length - 1]) : undefined;
  const source = objectAt(conversation.source);
  const startsConversation = topic === 'conversation.user.created' || topic === 'conversation.admin.single.created';
  const message = ABOUT_OPENING_MESSAGE.has(topic) || latest === undefined ? source : latest;
  const author = objectAt(message?.author);
  const tags =
    objectAt(conversation.tags_added)?.tags ??
    (topic === 'conversation_part.tag.created' ? objectAt(conversation.tags)?.tags : undefined);
  const id = stringAt(conversation.id);
  const link = appId && id ? `https://app.intercom.com/a/apps/${appId}/inbox/inbox/all/conversations/${id}` : undefined;
  // 2.16 says 0 for "unassigned", earlier versions null.
  const adminAssignee = conversation.admin_assignee_id;
  const assigneeId =
    (typeof adminAssignee === 'number' && adminAssignee !== 0) ||
    (typeof adminAssignee === 'string' && adminAssignee !== '')
      ? String(adminAssignee)
      : undefined;
  const assignedTo = objectAt(latest?.assigned_to);
  const isAssignment = topic === 'conversation.admin.assigned';
  const assigneeType = stringAt(assignedTo?.type) ?? (assigneeId === undefined ? 'nobody_admin' : 'admin');
  const assignedToId =
    typeof assignedTo?.id === 'string' || typeof assignedTo?.id === 'number' ? String(assignedTo.id) : undefined;
  const redactedSource = topic === 'conversation_part.redacted' ? stringAt(objectAt(source?.author)?.type) : undefined;
  const properties: Record<string, unknown> = {
    topic,
    conversation_id: id,
    conversation_link: link,
    state: stringAt(conversation.state),
    message: cut(plainText(message?.body)),
    subject: startsConversation ? cut(plainText(source?.subject)) : undefined,
    initiated: isAssignment ? assigneeType : (redactedSource ?? stringAt(author?.type)),
    part_type: stringAt(latest?.part_type),
    author_type: stringAt(author?.type),
    author_id: stringAt(author?.id),
    author_name: stringAt(author?.name),
    author_email: stringAt(author?.email),
    assignee_id: assigneeId,
    team_assignee_id: conversation.team_assignee_id || undefined,
    assigned_to_id: assignedToId,
    tags_added: Array.isArray(tags) ? tags.flatMap((tag) => stringAt(objectAt(tag)?.name) ?? []) : undefined,
  };
  const occurredAt = typeof latest?.created_at === 'number' && !startsConversation ? latest.created_at : undefined;
  return { properties: Object.fromEntries(Object.entries(properties).filter(([, v]) => v !== undefined)), occurredAt };
}

/** An Intercom admin (teammate), as GET /admins lists it. */
export interface AdminRef {
  name?: string | null;
  email?: string | null;
}

/**
 * The properties written to Hull: the workflow's (above) plus the names Hull's connector used for the
 * same facts, so segments and processors built on its events keep working: `link`; `to` (assignments,
 * the assignee's id) and `admin` (the assignee's id on assignments, closes and opens); `author` and
 * `note` on notes; `assignee_name` and `assignee_email` of `admin`, the assignee as Intercom's admins
 * list it (2.x payloads carry only the assignee's id).
 */
export function hullConversationProperties(
  topic: TableTopic,
  properties: Record<string, unknown>,
  admin: AdminRef | undefined,
): Record<string, unknown> {
  const assigneeId = properties.assignee_id;
  const noted = topic === 'conversation.admin.noted';
  const extra: Record<string, unknown> = {
    link: properties.conversation_link,
    to: topic === 'conversation.admin.assigned' ? (properties.assigned_to_id ?? assigneeId) : undefined,
    admin: WITH_ADMIN.has(topic) ? assigneeId : undefined,
    author: noted ? properties.author_name : undefined,
    note: noted ? properties.message : undefined,
    assignee_name: stringAt(admin?.name),
    assignee_email: stringAt(admin?.email),
  };
  return { ...properties, ...Object.fromEntries(Object.entries(extra).filter(([, v]) => v !== undefined)) };
}

/** The contact a contact-topic item is about: the item itself, or nested (`contact_tag`, 2.9+ unsubscribed). */
function contactOf(item: Record<string, unknown>): Record<string, unknown> | undefined {
  if (item.type === 'contact_tag' || (item.type === 'contact' && objectAt(item.contact))) return objectAt(item.contact);
  return item.type === 'contact' || item.type === 'user' || item.type === 'lead' || item.type === 'visitor'
    ? item
    : undefined;
}

/** Decides which entity workflow(s) a notification goes to, and with what. */
export function planNotification(envelope: IntercomNotification, tableTopic: TableTopic): NotificationPlan {
  const action = TOPIC_TABLE[tableTopic];
  const item = envelope.data.item;
  const base = { topic: envelope.topic, tableTopic, createdAt: envelope.created_at, action };
  switch (action.kind) {
    case 'upsert-company': {
      const id = item.type === 'company' ? stringAt(item.id) : undefined;
      if (!id) return { ignored: `${envelope.topic}: expected a company item, got ${String(item.type)}` };
      if (!isIntercomObjectId(id))
        return { invalid: 'data.item.id: is not an Intercom company id (24 hexadecimal characters)' };
      const { item: company, reread } = carried(item);
      return {
        targets: [
          {
            entity: { kind: 'company', id },
            notification: { ...base, id: envelope.id, entityId: id, company, ...(reread && { reread }) },
          },
        ],
      };
    }
    case 'conversation-event': {
      if (item.type !== 'conversation')
        return { ignored: `${envelope.topic}: expected a conversation item, got ${String(item.type)}` };
      const contacts = objectAt(item.contacts)?.contacts;
      const ids = Array.isArray(contacts) ? contacts.flatMap((c) => stringAt(objectAt(c)?.id) ?? []) : [];
      if (ids.length === 0)
        return { ignored: `${envelope.topic}: the conversation has no contacts to attach the event to` };
      if (ids.some((contactId) => !isIntercomObjectId(contactId)))
        return {
          invalid: 'data.item.contacts: a contact id is not an Intercom contact id (24 hexadecimal characters)',
        };
      const { properties, occurredAt } = conversationProperties(tableTopic, item, envelope.app_id ?? undefined);
      const event = { name: action.event, properties, occurredAt: occurredAt ?? envelope.created_at };
      return {
        targets: ids.slice(0, 10).map((id) => ({
          entity: { kind: 'contact' as const, id },
          notification: { ...base, id: ids.length === 1 ? envelope.id : `${envelope.id}:${id}`, entityId: id, event },
        })),
      };
    }
    default: {
      const contact = contactOf(item);
      const id = stringAt(contact?.id);
      if (!contact || !id) return { ignored: `${envelope.topic}: expected a contact item, got ${String(item.type)}` };
      if (!isIntercomObjectId(id))
        return { invalid: 'data.item.id: is not an Intercom contact id (24 hexadecimal characters)' };
      const tag = objectAt(item.tag);
      const tagRef =
        tag && stringAt(tag.id) && stringAt(tag.name)
          ? { id: String(tag.id).slice(0, 64), name: String(tag.name).slice(0, 255) }
          : undefined;
      const { item: carriedContact, reread } = carried(contact);
      return {
        targets: [
          {
            entity: { kind: 'contact', id },
            notification: {
              ...base,
              id: envelope.id,
              entityId: id,
              contact: carriedContact,
              tag: tagRef,
              ...(reread && { reread }),
            },
          },
        ],
      };
    }
  }
}
