/**
 * The connector's webhook topic table (which Intercom topic does what in Hull, as the product's
 * specification lists it and the README's "Webhooks" notes), keyed by the table's topic names.
 * Intercom 2.5+ delivers renamed topics (`contact.user.created` for `user.created`, …); both spellings
 * map to the same row, so the `incoming_events` whitelist keeps using the table's names.
 */
import type { INCOMING_EVENT_TOPICS } from '../../config/connector-settings';

export type TableTopic = (typeof INCOMING_EVENT_TOPICS)[number];

export type TopicAction =
  /** Create or update the Hull user (user or lead per the contact's role). */
  | { kind: 'upsert-contact' }
  /** Mark the user or lead deleted in Hull. */
  | { kind: 'delete-contact' }
  /** Re-read the contact's tags; an event when the tag is not a Hull segment's mirror. */
  | { kind: 'tag-contact'; event: 'Added Tag' | 'Removed Tag' }
  /** Email changed: update the email trait (and claims); optionally an event. */
  | { kind: 'email-contact'; event?: 'Updated email address' }
  | { kind: 'unsubscribe-contact'; event: 'Unsubscribed from emails' }
  /** A lead became a user. */
  | { kind: 'lead-signed-up' }
  | { kind: 'conversation-event'; event: string }
  | { kind: 'upsert-company' };

const conversation = (event: string): TopicAction => ({ kind: 'conversation-event', event });

export const TOPIC_TABLE: Record<TableTopic, TopicAction> = {
  'conversation.user.created': conversation('User started conversation'),
  'conversation.user.replied': conversation('User replied to conversation'),
  'conversation.admin.replied': conversation('Admin replied to conversation'),
  'conversation.admin.single.created': conversation('Admin started conversation'),
  'conversation.admin.assigned': conversation('Admin assigned conversation'),
  'conversation.admin.opened': conversation('Admin opened conversation'),
  'conversation.admin.closed': conversation('Admin closed conversation'),
  'conversation.admin.noted': conversation('Admin added note to conversation'),
  'conversation.admin.snoozed': conversation('Admin snoozed conversation'),
  'conversation.admin.unsnoozed': conversation('Admin unsnoozed conversation'),
  'conversation_part.tag.created': conversation('Conversation Part Tag Added'),
  'conversation_part.redacted': conversation('Conversation Part Redacted'),
  'user.created': { kind: 'upsert-contact' },
  'user.deleted': { kind: 'delete-contact' },
  'user.unsubscribed': { kind: 'unsubscribe-contact', event: 'Unsubscribed from emails' },
  'user.tag.created': { kind: 'tag-contact', event: 'Added Tag' },
  'user.tag.deleted': { kind: 'tag-contact', event: 'Removed Tag' },
  'user.email.updated': { kind: 'email-contact' },
  'contact.created': { kind: 'upsert-contact' },
  'contact.added_email': { kind: 'email-contact', event: 'Updated email address' },
  'contact.signed_up': { kind: 'lead-signed-up' },
  'contact.tag.created': { kind: 'tag-contact', event: 'Added Tag' },
  'contact.tag.deleted': { kind: 'tag-contact', event: 'Removed Tag' },
  // The documents say "Admin closed conversation" for the next two: a copy-paste error (README, decisions).
  'visitor.signed_up': { kind: 'upsert-contact' },
  'company.created': { kind: 'upsert-company' },
};

/** Intercom 2.x topic names → the table's names. */
const RENAMED_TOPICS: Record<string, TableTopic> = {
  'contact.user.created': 'user.created',
  'contact.lead.created': 'contact.created',
  'contact.deleted': 'user.deleted',
  'contact.archived': 'user.deleted',
  'contact.unsubscribed': 'user.unsubscribed',
  'contact.user.tag.created': 'user.tag.created',
  'contact.user.tag.deleted': 'user.tag.deleted',
  'contact.lead.tag.created': 'contact.tag.created',
  'contact.lead.tag.deleted': 'contact.tag.deleted',
  'contact.email.updated': 'user.email.updated',
  'contact.lead.added_email': 'contact.added_email',
  'contact.lead.signed_up': 'contact.signed_up',
};

const RENAMED_FROM = new Set<string>(Object.values(RENAMED_TOPICS));

/** The topics Intercom 2.x actually delivers for the table's rows: what an app subscribes to. */
export const DELIVERED_TOPICS: readonly string[] = [
  ...Object.keys(RENAMED_TOPICS),
  ...Object.keys(TOPIC_TABLE).filter((topic) => !RENAMED_FROM.has(topic)),
];

/** The table row a delivered topic belongs to, or undefined for topics the connector does not handle. */
export function tableTopicOf(topic: string): TableTopic | undefined {
  if (topic in TOPIC_TABLE) return topic as TableTopic;
  return RENAMED_TOPICS[topic];
}
