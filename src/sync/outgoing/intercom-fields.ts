/**
 * Intercom's writable standard fields, so an outgoing mapping target can be classified as a standard
 * field (written at the top level of the request body) or a custom attribute (written under
 * `custom_attributes`). Taken from the request bodies of Intercom's OpenAPI description of API 2.16
 * (`create_contact_request` / `update_contact_request` for contacts, `create_or_update_company_request`
 * for companies); the integration tests validate every request the engine sends against that description.
 *
 * Hull's connector put a mapped field under `custom_attributes` only when it already existed as a
 * custom attribute and sent anything else top-level, where Intercom rejects it. Here the rule is static: a bare target that is not a
 * writable standard field is a custom attribute, and data-attributes.ts makes sure it exists.
 */

import { isDateName } from '../incoming/values';

export type IntercomModel = 'contact' | 'company';

/** How Intercom types a standard field's value. `date` = Unix seconds (an integer). */
export type IntercomValueType = 'string' | 'integer' | 'boolean' | 'date';

export const CUSTOM_ATTRIBUTES_PREFIX = 'custom_attributes.';

/** `create_contact_request` ∪ `update_contact_request` (the two list the same fields in 2.16). */
export const CONTACT_WRITABLE_FIELDS: Readonly<Record<string, IntercomValueType>> = {
  role: 'string',
  external_id: 'string',
  email: 'string',
  // Intercom answers 400 when email_verified arrives without email in the same request (diff.ts pairs them).
  email_verified: 'boolean',
  phone: 'string',
  name: 'string',
  avatar: 'string',
  signed_up_at: 'date',
  last_seen_at: 'date',
  owner_id: 'string',
  unsubscribed_from_emails: 'boolean',
};

/** `create_or_update_company_request` (POST /companies, the upsert keyed on company_id). */
export const COMPANY_WRITABLE_FIELDS: Readonly<Record<string, IntercomValueType>> = {
  company_id: 'string',
  name: 'string',
  plan: 'string',
  size: 'integer',
  website: 'string',
  industry: 'string',
  // Declared as a plain integer in the spec, but it is a time ("the time the company was created by you").
  remote_created_at: 'date',
  update_last_request_at: 'boolean',
  // Intercom truncates floats and caps it at 2^31 - 1.
  monthly_spend: 'integer',
};

/**
 * Standard fields of the `contact` / `company` response models that no request body accepts. A mapping
 * onto one of these cannot be honoured; turning it into a custom attribute of the same name would
 * collide with the standard attribute (Intercom keeps attribute names unique).
 *
 * The Intercom simulator serializes these fields from a list of its own, on purpose: were they one list,
 * a field missing from it would be missing on both sides and no test would notice.
 * test/unit/intercom-fields-cross-check.test.ts holds both sides to the OpenAPI description.
 */
const CONTACT_READ_ONLY_FIELDS: ReadonlySet<string> = new Set([
  'type',
  'id',
  'workspace_id',
  'email_domain',
  'has_hard_bounced',
  'marked_email_as_spam',
  'created_at',
  'updated_at',
  'last_replied_at',
  'last_contacted_at',
  'last_email_opened_at',
  'last_email_clicked_at',
  'language_override',
  'browser',
  'browser_version',
  'browser_language',
  'os',
  'android_app_name',
  'android_app_version',
  'android_device',
  'android_os_version',
  'android_sdk_version',
  'android_last_seen_at',
  'ios_app_name',
  'ios_app_version',
  'ios_device',
  'ios_os_version',
  'ios_sdk_version',
  'ios_last_seen_at',
  'tags',
  'notes',
  'companies',
  'location',
  'social_profiles',
  'segments',
  'merge_history',
  'custom_attributes',
]);

const COMPANY_READ_ONLY_FIELDS: ReadonlySet<string> = new Set([
  'type',
  'id',
  'app_id',
  'created_at',
  'updated_at',
  'last_request_at',
  'session_count',
  'user_count',
  'tags',
  'segments',
  'notes',
  'custom_attributes',
]);

/**
 * Fields that are writable but set by the engine, never by a mapping: the contact's `role` follows the
 * segment filters (target.ts), the company's `company_id` is the upsert key from `account_claims`.
 */
const ENGINE_OWNED_FIELDS: Record<IntercomModel, Readonly<Record<string, string>>> = {
  contact: { role: 'role is set by the engine from the segment filters' },
  company: { company_id: 'company_id comes from account_claims (the upsert key)' },
};

/** Read-side paths people copy from the incoming mapping that have a writable equivalent. */
const WRITABLE_ALIASES: Record<IntercomModel, Readonly<Record<string, string>>> = {
  contact: {},
  // The incoming mapping reads the plan's name from `plan.name`; POST /companies takes the name as `plan`.
  company: { 'plan.name': 'plan' },
};

export type MappingTarget =
  | { kind: 'standard'; path: string; type: IntercomValueType }
  /** `type` is `date` when the name says so (`*_at`, `*_date`), otherwise the value decides. */
  | { kind: 'custom'; path: string; name: string; type: 'date' | undefined }
  | { kind: 'unwritable'; path: string; reason: string };

export { isDateName };

export const writableFields = (model: IntercomModel): Readonly<Record<string, IntercomValueType>> =>
  model === 'contact' ? CONTACT_WRITABLE_FIELDS : COMPANY_WRITABLE_FIELDS;

/** The custom attribute name of a `custom_attributes.<name>` path, or undefined for other paths. */
export function customAttributeName(path: string): string | undefined {
  return path.startsWith(CUSTOM_ATTRIBUTES_PREFIX) ? path.slice(CUSTOM_ATTRIBUTES_PREFIX.length) : undefined;
}

export const customAttributePath = (name: string): string => `${CUSTOM_ATTRIBUTES_PREFIX}${name}`;

/**
 * Classifies an outgoing mapping's `service` value. Accepts Hull's two spellings of a custom
 * attribute: the picker's bare name (`job_title`) and the full path (`custom_attributes.job_title`).
 */
export function classifyTarget(model: IntercomModel, service: string): MappingTarget {
  const trimmed = service.trim();
  const explicitName = customAttributeName(trimmed);
  if (explicitName !== undefined) {
    const name = explicitName.trim();
    if (name === '') return { kind: 'unwritable', path: trimmed, reason: 'custom_attributes. without a name' };
    return { kind: 'custom', path: customAttributePath(name), name, type: isDateName(name) ? 'date' : undefined };
  }
  const path = WRITABLE_ALIASES[model][trimmed] ?? trimmed;
  const engineOwned = ENGINE_OWNED_FIELDS[model][path];
  if (engineOwned) return { kind: 'unwritable', path, reason: engineOwned };
  const type = writableFields(model)[path];
  if (type) return { kind: 'standard', path, type };
  const readOnly = model === 'contact' ? CONTACT_READ_ONLY_FIELDS : COMPANY_READ_ONLY_FIELDS;
  const head = path.split('.')[0] ?? path;
  if (readOnly.has(path) || readOnly.has(head)) {
    return { kind: 'unwritable', path, reason: `${path} is read-only in Intercom's ${model} API` };
  }
  if (path === '') return { kind: 'unwritable', path, reason: 'empty Intercom field name' };
  return { kind: 'custom', path: customAttributePath(path), name: path, type: isDateName(path) ? 'date' : undefined };
}
