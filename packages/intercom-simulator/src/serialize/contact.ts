/**
 * Contact wire format (spec schema `contact`, 2.16). Tags, notes and companies are *summaries*: the first
 * 10 items plus `url`, `total_count` and `has_more`, which is why clients must call the sub-resource when
 * `has_more` is true. Fields Intercom returns but the schema omits (utm_*, referrer, subscription types,
 * enabled_push_messaging) are included because live payloads carry them.
 */
import type { IntercomStore } from '../store';
import type { ContactRecord } from '../records';

export type JsonObject = Record<string, unknown>;

/** Intercom shows at most this many items in a contact's embedded tag/note/company summaries. */
export const SUMMARY_LIMIT = 10;

function summary(items: JsonObject[], url: string): JsonObject {
  return {
    type: 'list',
    data: items.slice(0, SUMMARY_LIMIT),
    url,
    total_count: items.length,
    has_more: items.length > SUMMARY_LIMIT,
  };
}

/**
 * The mobile SDK's fields (`android_app_name` … `ios_last_seen_at`), null for contacts no app has seen:
 * the simulator has no mobile SDK. The engine keeps its own list of the contact's fields
 * (src/sync/outgoing/intercom-fields.ts) on purpose: were they one list, a field missing from it would be
 * missing on both sides and no test would notice. The root's test/unit/intercom-fields-cross-check.test.ts
 * holds each side to the OpenAPI description instead.
 */
const MOBILE_FIELDS = ['android', 'ios'].flatMap((platform) =>
  ['app_name', 'app_version', 'device', 'os_version', 'sdk_version', 'last_seen_at'].map(
    (field) => `${platform}_${field}`,
  ),
);

export interface ContactJsonOptions {
  /** `?include_merge_history=true` (2.16, users only). */
  includeMergeHistory?: boolean;
}

export function contactToJson(
  store: IntercomStore,
  contact: ContactRecord,
  options: ContactJsonOptions = {},
): JsonObject {
  const base = `/contacts/${contact.id}`;
  const tagItems = [...(store.contactTags.get(contact.id)?.keys() ?? [])].map((id) => ({
    type: 'tag',
    id,
    url: `/tags/${id}`,
  }));
  const noteItems = store
    .notesOf(contact.id)
    .reverse()
    .map((note) => ({ type: 'note', id: note.id, url: `/notes/${note.id}` }));
  const companyItems = store.companyIdsOf(contact.id).map((id) => ({ type: 'company', id, url: `/companies/${id}` }));
  const email = contact.email ?? '';
  const json: JsonObject = {
    type: 'contact',
    id: contact.id,
    workspace_id: store.workspaceId,
    external_id: contact.external_id,
    role: contact.role,
    // The schema types email as a non-nullable string; an email-less lead carries an empty string.
    email,
    email_domain: email.includes('@') ? email.slice(email.lastIndexOf('@') + 1) : '',
    phone: contact.phone,
    name: contact.name,
    avatar: contact.avatar === null ? null : { type: 'avatar', image_url: contact.avatar },
    owner_id: contact.owner_id,
    social_profiles: { type: 'list', data: contact.social_profiles.map((profile) => ({ ...profile })) },
    has_hard_bounced: contact.has_hard_bounced,
    marked_email_as_spam: contact.marked_email_as_spam,
    unsubscribed_from_emails: contact.unsubscribed_from_emails,
    created_at: contact.created_at,
    updated_at: contact.updated_at,
    signed_up_at: contact.signed_up_at,
    last_seen_at: contact.last_seen_at,
    last_replied_at: contact.last_replied_at,
    last_contacted_at: contact.last_contacted_at,
    last_email_opened_at: contact.last_email_opened_at,
    last_email_clicked_at: contact.last_email_clicked_at,
    language_override: contact.language_override,
    browser: contact.browser,
    browser_version: contact.browser_version,
    browser_language: contact.browser_language,
    os: contact.os,
    location: { type: 'location', ...contact.location },
  };
  for (const field of MOBILE_FIELDS) json[field] = null;
  Object.assign(json, {
    custom_attributes: { ...contact.custom_attributes },
    tags: summary(tagItems, `${base}/tags`),
    notes: summary(noteItems, `${base}/notes`),
    companies: summary(companyItems, `${base}/companies`),
    opted_out_subscription_types: summary([], `${base}/subscriptions`),
    opted_in_subscription_types: summary([], `${base}/subscriptions`),
    utm_campaign: null,
    utm_content: null,
    utm_medium: null,
    utm_source: null,
    utm_term: null,
    referrer: null,
    enabled_push_messaging: null,
  });
  if (options.includeMergeHistory === true && contact.role === 'user') {
    json.merge_history = (store.mergeHistory.get(contact.id) ?? []).map((entry) => ({
      type: 'merge_history_item',
      ...entry,
    }));
  }
  return json;
}

/** `{type, id, external_id}` plus a flag: the body of DELETE, archive and unarchive. */
export function contactReference(contact: ContactRecord, flag: { deleted: true } | { archived: boolean }): JsonObject {
  return { type: 'contact', id: contact.id, external_id: contact.external_id, ...flag };
}
