/**
 * Builds the fields of an Intercom contact or company write from a Hull profile, keyed by Intercom
 * path (`name`, `signed_up_at`, `custom_attributes.plan`, …). Values are already in Intercom's types;
 * diff.ts then keeps only what changed, data-attributes.ts makes sure custom attributes exist, and
 * toIntercomBody() nests the result into a request body.
 */
import type { ConnectorSettings } from '../../config/connector-settings';
import type { HullAccountProfile, UserUpdateMessage } from '../../hull/notifications';
import type { ContactRole } from '../incoming/identity';
import { describeValue, readAttribute, readString, toUnixSeconds } from './hull-values';
import {
  classifyTarget,
  customAttributeName,
  type IntercomModel,
  type IntercomValueType,
  type MappingTarget,
} from './intercom-fields';
import { contactClaimValues } from './matching';
import { companyIdClaim } from './target';

export type OutgoingValue = string | number | boolean | null;
/** Intercom path → value. Custom attributes are flat here (`custom_attributes.plan`) so they diff per field. */
export type ContactFields = Record<string, OutgoingValue>;

export interface BuiltContactFields {
  fields: ContactFields;
  /** What the operator should know: truncations, values that could not be converted, ignored mappings. */
  notes: string[];
}

export interface BuiltCompanyFields extends BuiltContactFields {
  /** Intercom's `company_id` (the upsert key). Kept out of `fields` so a diff can never drop it from a body. */
  companyId: string | undefined;
}

/** Intercom stores custom attribute strings up to 255 characters. */
export const CUSTOM_STRING_LIMIT = 255;

const ACCOUNT_PREFIX = 'account.';

type Converted = { ok: true; value: OutgoingValue; note?: string } | { ok: false; note: string };

/**
 * Arrays and objects become JSON text: Intercom attribute values are flat (no arrays, no objects), and
 * JSON is what Hull's connector sent, so customers' existing
 * Intercom segments that match on that text keep working.
 */
const asText = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

function toDate(value: unknown): Converted {
  const seconds = toUnixSeconds(value);
  return seconds === undefined
    ? { ok: false, note: `${describeValue(value)} is not a date Intercom can store (Unix seconds)` }
    : { ok: true, value: seconds };
}

function toStandard(value: unknown, type: IntercomValueType): Converted {
  switch (type) {
    case 'date':
      return toDate(value);
    case 'boolean':
      if (typeof value === 'boolean') return { ok: true, value };
      if (value === 'true' || value === 'false') return { ok: true, value: value === 'true' };
      return { ok: false, note: `${describeValue(value)} is not a boolean` };
    case 'integer': {
      const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof number === 'number' && Number.isFinite(number)) return { ok: true, value: Math.trunc(number) };
      return { ok: false, note: `${describeValue(value)} is not a number` };
    }
    case 'string':
      if (typeof value === 'number' && !Number.isFinite(value)) return { ok: false, note: `${value} is not a value` };
      return {
        ok: true,
        value: typeof value === 'number' || typeof value === 'boolean' ? String(value) : asText(value),
      };
  }
}

/** Counts characters as code points (Ruby's String#length), so an emoji is never cut in half. */
function truncate(text: string, limit: number): { text: string; cut: boolean } {
  const characters = Array.from(text);
  return characters.length <= limit ? { text, cut: false } : { text: characters.slice(0, limit).join(''), cut: true };
}

function toCustom(value: unknown, dateByName: boolean): Converted {
  if (dateByName) return toDate(value);
  if (typeof value === 'boolean') return { ok: true, value };
  if (typeof value === 'number') {
    return Number.isFinite(value) ? { ok: true, value } : { ok: false, note: `${value} is not a value` };
  }
  const { text, cut } = truncate(asText(value), CUSTOM_STRING_LIMIT);
  return cut
    ? { ok: true, value: text, note: `truncated to ${CUSTOM_STRING_LIMIT} characters (Intercom's limit)` }
    : { ok: true, value: text };
}

/** Converts one Hull value for its Intercom target. Absent and null both mean "no value": null. */
function convert(value: unknown, target: Exclude<MappingTarget, { kind: 'unwritable' }>): Converted {
  if (value === null || value === undefined) return { ok: true, value: null };
  return target.kind === 'standard' ? toStandard(value, target.type) : toCustom(value, target.type === 'date');
}

interface MappingRow {
  hull: string;
  service: string;
}

/** A value that says nothing: absent, null, or an empty string. */
const isEmpty = (value: OutgoingValue | undefined): boolean => value === null || value === undefined || value === '';

/**
 * Applies mapping rows: each `hull` attribute is read by `read`, converted for its Intercom target and
 * written under the target's path. Several rows may target one Intercom field (a user attribute and
 * `account.<attr>`, say): the first non-empty value in row order wins, as Hull's connector sent the
 * value that existed. The field is cleared (null) only when every row is empty, and diff.ts sends that
 * null only if something was sent before. A row whose value cannot be converted counts as a value that
 * is not sent: the field is then left out rather than cleared.
 */
function applyMappings(
  rows: readonly MappingRow[],
  model: IntercomModel,
  setting: string,
  read: (hull: string) => unknown,
  fields: ContactFields,
  notes: string[],
): void {
  const unconverted = new Set<string>();
  for (const row of rows) {
    const target = classifyTarget(model, row.service);
    const label = `${setting}: ${row.hull} → ${row.service}`;
    if (target.kind === 'unwritable') {
      notes.push(`${label}: ignored, ${target.reason}`);
      continue;
    }
    if (!isEmpty(fields[target.path])) continue; // an earlier row already has a value
    const converted = convert(read(row.hull), target);
    if (!converted.ok) {
      notes.push(`${label}: not sent, ${converted.note}`);
      unconverted.add(target.path);
      continue;
    }
    if (converted.note) notes.push(`${label}: ${converted.note}`);
    if (isEmpty(converted.value) && unconverted.has(target.path)) continue;
    fields[target.path] = isEmpty(converted.value) ? null : converted.value;
  }
  for (const path of unconverted) if (fields[path] === null) delete fields[path];
}

/**
 * The fields of a contact write for `role`. Sources: the role's outgoing mapping (`hull` is a user
 * attribute, or `account.<attr>` of the user's account) and the role's identity claims (Hull claim →
 * Intercom field). Claims are written last and win over a mapping of the same field: they are how the
 * contact is found again. A claim without a value is left out rather than sent as null, because clearing
 * `email` or `external_id` in Intercom would cut the contact loose from its Hull profile.
 * `role` itself is never part of the fields: the caller sets it on every write.
 */
export function buildContactFields(
  message: UserUpdateMessage,
  role: ContactRole,
  settings: ConnectorSettings,
): BuiltContactFields {
  const fields: ContactFields = {};
  const notes: string[] = [];
  const setting = role === 'user' ? 'outgoing_user_attributes' : 'outgoing_lead_attributes';
  const read = (hull: string): unknown =>
    hull.startsWith(ACCOUNT_PREFIX)
      ? readAttribute(message.account ?? undefined, hull.slice(ACCOUNT_PREFIX.length))
      : readAttribute(message.user, hull);
  applyMappings(settings[setting], 'contact', setting, read, fields, notes);

  // The same claim values the contact is looked up by.
  Object.assign(fields, contactClaimValues(message, role, settings));
  return { fields, notes };
}

/**
 * The fields of a company write (POST /companies). `company_id` comes from the `account_claims` row
 * that targets it and is returned apart from the fields; a `domain → website` claim fills `website`
 * unless a mapping already sets it (the mapping is the more precise source: a URL, not a bare domain).
 */
export function buildCompanyFields(account: HullAccountProfile, settings: ConnectorSettings): BuiltCompanyFields {
  const fields: ContactFields = {};
  const notes: string[] = [];
  // Account mappings name account attributes; accept an `account.` prefix copied from a user mapping.
  const read = (hull: string): unknown =>
    readAttribute(account, hull.startsWith(ACCOUNT_PREFIX) ? hull.slice(ACCOUNT_PREFIX.length) : hull);
  applyMappings(settings.outgoing_account_attributes, 'company', 'outgoing_account_attributes', read, fields, notes);

  for (const claim of settings.account_claims) {
    if (claim.service !== 'website' || 'website' in fields) continue;
    const value = readString(account, claim.hull);
    if (value !== undefined) fields.website = value;
  }
  const claim = companyIdClaim(settings);
  return { companyId: claim === undefined ? undefined : readString(account, claim), fields, notes };
}

/** Nests `custom_attributes.<name>` keys under `custom_attributes`, as Intercom's request bodies want. */
export function toIntercomBody(fields: ContactFields): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const custom: Record<string, OutgoingValue> = {};
  for (const [path, value] of Object.entries(fields)) {
    const name = customAttributeName(path);
    if (name !== undefined) custom[name] = value;
    else body[path] = value;
  }
  if (Object.keys(custom).length > 0) body.custom_attributes = custom;
  return body;
}
