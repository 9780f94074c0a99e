/**
 * Custom attributes must exist in Intercom before a contact or company can carry them (API 2.0+:
 * unknown keys are rejected, not created, and a value must match the attribute's type). Hull's
 * connector created them only when settings were saved, and always as strings, so a field mapped
 * later failed at send time. Here, before each write, the engine plans which attributes to create — with a
 * type inferred from the value — and fits values to the type of attributes that already exist.
 */
import type { ContactFields, OutgoingValue } from './contact-payload';
import { toUnixSeconds } from './hull-values';
import { customAttributeName, customAttributePath, isDateName, type IntercomModel } from './intercom-fields';

/** The `data_type`s POST /data_attributes accepts for values the engine writes. */
export type DataType = 'string' | 'integer' | 'float' | 'boolean' | 'date';

/** One entry of GET /data_attributes (only what the planner reads). */
export interface ExistingDataAttribute {
  name: string;
  model: IntercomModel;
  data_type: string;
  archived?: boolean;
  /** false for Intercom's standard attributes; they share the name space with custom ones. */
  custom?: boolean;
}

export interface DataAttributeToCreate {
  name: string;
  model: IntercomModel;
  data_type: DataType;
}

export interface DataAttributePlan {
  /** POST /data_attributes bodies, one per missing attribute, in field order. */
  create: DataAttributeToCreate[];
  /** The fields to write: custom attribute keys sanitized, values fitted to the attribute's type. */
  coerced: ContactFields;
  notes: string[];
}

/** Intercom has no documented maximum; 190 keeps a name inside the common 191-character index limit. */
export const ATTRIBUTE_NAME_MAX_LENGTH = 190;

/**
 * An Intercom-safe attribute name. Intercom's own error text allows "alphanumeric characters, currency
 * symbols, and hyphens" and its help centre forbids `.` and `$`; `[A-Za-z0-9_-]` is inside every
 * reading, so anything else becomes `_`. Deterministic, so the same Hull mapping always lands on the
 * same attribute.
 */
export function sanitizeAttributeName(name: string): string {
  return name
    .trim()
    .replace(/[^A-Za-z0-9_-]/g, '_')
    .slice(0, ATTRIBUTE_NAME_MAX_LENGTH);
}

/** The type to create a missing attribute with, from its name (`*_at`, `*_date` are dates) and first value. */
export function inferDataType(path: string, value: OutgoingValue): DataType {
  const name = customAttributeName(path) ?? path;
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') {
    if (isDateName(name) && Number.isInteger(value)) return 'date';
    return Number.isInteger(value) ? 'integer' : 'float';
  }
  if (value === null && isDateName(name)) return 'date';
  return 'string';
}

type Coercion = { ok: true; value: OutgoingValue } | { ok: false; why: string };

const numericText = (value: string): number | undefined => {
  const text = value.trim();
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : undefined;
};

/**
 * Fits a value to an existing attribute's type where no information is lost: numbers and booleans
 * become text for a string attribute, numeric text becomes a number, `"true"`/`"false"` a boolean, an
 * ISO time Unix seconds. Anything else would be rejected by Intercom (400 `type_mismatch`) and fail the
 * whole write, so it is reported and left out instead.
 */
function coerceTo(dataType: string, value: OutgoingValue): Coercion {
  if (value === null) return { ok: true, value };
  switch (dataType) {
    case 'string':
    case 'options':
      return { ok: true, value: typeof value === 'string' ? value : String(value) };
    case 'integer': {
      const number = typeof value === 'string' ? numericText(value) : value;
      if (typeof number === 'number' && Number.isInteger(number)) return { ok: true, value: number };
      return { ok: false, why: 'is not a whole number' };
    }
    case 'float': {
      const number = typeof value === 'string' ? numericText(value) : value;
      if (typeof number === 'number') return { ok: true, value: number };
      return { ok: false, why: 'is not a number' };
    }
    case 'boolean':
      if (typeof value === 'boolean') return { ok: true, value };
      if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) {
        return { ok: true, value: value.trim().toLowerCase() === 'true' };
      }
      return { ok: false, why: 'is not a boolean' };
    case 'date':
    case 'datetime': {
      const seconds = typeof value === 'boolean' ? undefined : toUnixSeconds(value);
      return seconds === undefined ? { ok: false, why: 'is not a date' } : { ok: true, value: seconds };
    }
    default:
      // A type this engine does not know yet: let Intercom judge.
      return { ok: true, value };
  }
}

const otherModel = (model: IntercomModel): IntercomModel => (model === 'contact' ? 'company' : 'contact');

/**
 * Plans the data attributes `fields` need on `model`, given what Intercom already has. Standard fields
 * pass through. For each `custom_attributes.<name>`:
 * - an attribute with exactly that name on this model is used as is (names with spaces made in the
 *   Intercom UI included), otherwise the sanitized name is used;
 * - a name held by the other model, or by a standard attribute, is a conflict: Intercom keeps names
 *   unique across models and refuses to create it (400 `parameter_invalid`), so the field is dropped
 *   and reported;
 * - an archived attribute is not written (it is hidden in Intercom; unarchiving is the operator's call);
 * - a missing attribute is created with the inferred type, except for a null (nothing to clear).
 */
export function planDataAttributes(
  fields: ContactFields,
  existing: readonly ExistingDataAttribute[],
  model: IntercomModel,
): DataAttributePlan {
  const create: DataAttributeToCreate[] = [];
  const coerced: ContactFields = {};
  const notes: string[] = [];
  const sourceOf = new Map<string, string>();
  const find = (name: string, onModel: IntercomModel) =>
    existing.find((attribute) => attribute.model === onModel && attribute.name === name);

  for (const [path, value] of Object.entries(fields)) {
    const requested = customAttributeName(path);
    if (requested === undefined) {
      coerced[path] = value;
      continue;
    }
    const name = find(requested, model) ? requested : sanitizeAttributeName(requested);
    if (name === '' || /^_*$/.test(name)) {
      notes.push(`${path}: not sent, the name has no usable characters`);
      continue;
    }
    const target = customAttributePath(name);
    const earlier = sourceOf.get(target);
    if (earlier !== undefined) {
      notes.push(`${path}: not sent, it becomes ${target} like ${earlier}`);
      continue;
    }
    sourceOf.set(target, path);
    if (name !== requested) notes.push(`${path}: written as ${target} (Intercom-safe name)`);

    const conflict = find(name, otherModel(model));
    if (conflict) {
      notes.push(
        `${path}: not sent, "${name}" is already a ${conflict.model} attribute in Intercom (names are unique across models)`,
      );
      continue;
    }
    const attribute = find(name, model);
    if (attribute?.custom === false) {
      notes.push(
        `${path}: not sent, "${name}" is a standard ${model} attribute in Intercom; map it without custom_attributes.`,
      );
      continue;
    }
    if (attribute?.archived) {
      notes.push(`${path}: not sent, the ${model} attribute "${name}" is archived in Intercom`);
      continue;
    }
    if (attribute) {
      const fitted = coerceTo(attribute.data_type, value);
      if (!fitted.ok) {
        notes.push(
          `${path}: not sent, ${JSON.stringify(value)} ${fitted.why} (the attribute is ${attribute.data_type})`,
        );
        continue;
      }
      coerced[target] = fitted.value;
      continue;
    }
    if (value === null) continue; // clearing an attribute that does not exist: nothing to do
    const dataType = inferDataType(target, value);
    create.push({ name, model, data_type: dataType });
    notes.push(`${target}: creating the ${model} attribute "${name}" as ${dataType}`);
    coerced[target] = value;
  }
  return { create, coerced, notes };
}
