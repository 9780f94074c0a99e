/**
 * The searchable contact fields of POST /contacts/search and their types (the "Accepted Fields" table of
 * the 2.16 description). The type decides which operators are legal and how the value is compared.
 */
import type { ContactRecord } from './records';
import type { IntercomStore } from './store';

export type SearchFieldType = 'string' | 'integer' | 'float' | 'boolean' | 'date' | 'tag' | 'segment';

export interface SearchField {
  name: string;
  type: SearchFieldType;
  /** The contact's value (tag and segment membership are decided by the query compiler instead). */
  get(contact: ContactRecord): unknown;
}

type Getter = (contact: ContactRecord) => unknown;

const STRING_FIELDS: Record<string, Getter> = {
  id: (c) => c.id,
  role: (c) => c.role,
  name: (c) => c.name,
  avatar: (c) => c.avatar,
  owner_id: (c) => c.owner_id,
  email: (c) => c.email,
  email_domain: (c) => (c.email?.includes('@') ? c.email.slice(c.email.lastIndexOf('@') + 1) : null),
  phone: (c) => c.phone,
  formatted_phone: (c) => c.phone,
  external_id: (c) => c.external_id,
  language_override: (c) => c.language_override,
  browser: (c) => c.browser,
  browser_version: (c) => c.browser_version,
  browser_language: (c) => c.browser_language,
  os: (c) => c.os,
  'location.country': (c) => c.location.country,
  'location.region': (c) => c.location.region,
  'location.city': (c) => c.location.city,
};

const MOBILE_STRING_FIELDS = [
  'ios_app_version',
  'ios_device',
  'ios_app_device',
  'ios_os_version',
  'ios_app_name',
  'ios_sdk_version',
  'android_app_version',
  'android_device',
  'android_app_name',
  'andoid_sdk_version', // sic: the spec's field table spells it this way
  'android_sdk_version',
];

const DATE_FIELDS: Record<string, Getter> = {
  created_at: (c) => c.created_at,
  signed_up_at: (c) => c.signed_up_at,
  updated_at: (c) => c.updated_at,
  last_seen_at: (c) => c.last_seen_at,
  last_contacted_at: (c) => c.last_contacted_at,
  last_replied_at: (c) => c.last_replied_at,
  last_email_opened_at: (c) => c.last_email_opened_at,
  last_email_clicked_at: (c) => c.last_email_clicked_at,
  ios_last_seen_at: () => null,
  android_last_seen_at: () => null,
};

const BOOLEAN_FIELDS: Record<string, Getter> = {
  unsubscribed_from_emails: (c) => c.unsubscribed_from_emails,
  marked_email_as_spam: (c) => c.marked_email_as_spam,
  has_hard_bounced: (c) => c.has_hard_bounced,
};

const CUSTOM_PREFIX = 'custom_attributes.';

/** Resolves a field name from a search filter or sort; undefined when Intercom would reject it. */
export function resolveSearchField(store: IntercomStore, name: string): SearchField | undefined {
  const stringGetter = STRING_FIELDS[name];
  if (stringGetter) return { name, type: 'string', get: stringGetter };
  if (MOBILE_STRING_FIELDS.includes(name)) return { name, type: 'string', get: () => null };
  const dateGetter = DATE_FIELDS[name];
  if (dateGetter) return { name, type: 'date', get: dateGetter };
  const booleanGetter = BOOLEAN_FIELDS[name];
  if (booleanGetter) return { name, type: 'boolean', get: booleanGetter };
  if (name === 'tag_id') return { name, type: 'tag', get: () => null };
  if (name === 'segment_id') return { name, type: 'segment', get: () => null };
  if (name.startsWith(CUSTOM_PREFIX)) {
    const attributeName = name.slice(CUSTOM_PREFIX.length);
    const attribute = store.customAttribute('contact', attributeName);
    if (!attribute) return undefined;
    const get: Getter = (c) => c.custom_attributes[attributeName] ?? null;
    switch (attribute.data_type) {
      case 'integer':
        return { name, type: 'integer', get };
      case 'float':
        return { name, type: 'float', get };
      case 'boolean':
        return { name, type: 'boolean', get };
      case 'date':
      case 'datetime':
        return { name, type: 'date', get };
      default:
        return { name, type: 'string', get };
    }
  }
  return undefined;
}
