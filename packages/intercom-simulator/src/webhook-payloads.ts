/**
 * `data.item` shapes of Intercom 2.x webhook notifications (webhook-models page of the 2.x docs):
 * contact topics carry the full contact; `*.deleted` carry a minimal identification payload; tag topics a
 * `contact_tag`; `contact.merged` the surviving contact plus `merged_from`; `contact.unsubscribed` (2.9+)
 * nests the contact under `item.contact`; `company.contact.attached/detached` carry both objects.
 */
import type { IntercomStore } from './store';
import type { CompanyRecord, ContactRecord, ConversationRecord, EventRecord, TagRecord } from './records';
import { contactToJson, type JsonObject } from './serialize/contact';
import { companyToJson } from './serialize/company';
import { tagToJson } from './serialize/resources';
import { conversationToJson } from './serialize/conversation';

export function contactItem(store: IntercomStore, contact: ContactRecord): JsonObject {
  return contactToJson(store, contact);
}

export function deletedContactItem(contact: ContactRecord): JsonObject {
  return { type: 'contact', id: contact.id, external_id: contact.external_id, role: contact.role };
}

export function contactTagItem(store: IntercomStore, contact: ContactRecord, tag: TagRecord, at: number): JsonObject {
  return { type: 'contact_tag', created_at: at, tag: tagToJson(tag), contact: contactToJson(store, contact) };
}

export function mergedContactItem(store: IntercomStore, survivor: ContactRecord, mergedFromId: string): JsonObject {
  return { ...contactToJson(store, survivor), merged_from: { type: 'contact', id: mergedFromId } };
}

export function unsubscribedContactItem(store: IntercomStore, contact: ContactRecord): JsonObject {
  return {
    type: 'contact',
    contact: contactToJson(store, contact),
    subscription_types: { type: 'list', data: [] },
  };
}

export function companyItem(store: IntercomStore, company: CompanyRecord): JsonObject {
  return companyToJson(store, company);
}

export function deletedCompanyItem(company: CompanyRecord): JsonObject {
  return { type: 'company', id: company.id, company_id: company.company_id };
}

export function companyContactItem(
  store: IntercomStore,
  company: CompanyRecord,
  contact: ContactRecord,
  at: number,
): JsonObject {
  return {
    type: 'contact_company',
    created_at: at,
    company: companyToJson(store, company),
    contact: contactToJson(store, contact),
  };
}

export function conversationItem(store: IntercomStore, conversation: ConversationRecord): JsonObject {
  return conversationToJson(store, conversation);
}

export function eventItem(contact: ContactRecord, event: Omit<EventRecord, 'seq'>): JsonObject {
  const item: JsonObject = {
    type: 'event',
    event_name: event.event_name,
    created_at: event.created_at,
    intercom_user_id: contact.id,
    metadata: { ...event.metadata },
  };
  if (contact.external_id !== null) item.user_id = contact.external_id;
  if (contact.email !== null) item.email = contact.email;
  return item;
}
