/**
 * Custom attribute writes. Since API 2.0 Intercom no longer auto-creates attributes: every key must be an
 * existing, non-archived data attribute of the model, and the value must fit its data type. Values are
 * flat (no objects/arrays), strings are capped at 255 characters, dates are Unix seconds, and `null`
 * clears the value.
 */
import { parameterInvalid } from '../errors';
import type { AttributeValue, DataAttributeModel, DataAttributeRecord } from '../records';
import type { IntercomStore } from '../store';

export const MAX_STRING_ATTRIBUTE_LENGTH = 255;

function typeMismatch(attribute: DataAttributeRecord, key: string, expected: string): Error {
  return parameterInvalid(
    `Custom attribute '${attribute.name}' has the data type ${attribute.data_type}; the value must be ${expected}`,
    `custom_attributes.${key}`,
  );
}

function checkValue(attribute: DataAttributeRecord, key: string, value: unknown): AttributeValue {
  if (value === null) return null;
  if (typeof value === 'object') {
    throw parameterInvalid(`Custom attribute '${key}' must be a string, number or boolean`, `custom_attributes.${key}`);
  }
  switch (attribute.data_type) {
    case 'string':
      if (typeof value !== 'string') throw typeMismatch(attribute, key, 'a string');
      if (value.length > MAX_STRING_ATTRIBUTE_LENGTH) {
        throw parameterInvalid(
          `Custom attribute '${key}' is longer than ${MAX_STRING_ATTRIBUTE_LENGTH} characters`,
          `custom_attributes.${key}`,
        );
      }
      return value;
    case 'options':
      if (typeof value !== 'string' || !attribute.options.includes(value)) {
        throw typeMismatch(attribute, key, `one of ${attribute.options.map((o) => `'${o}'`).join(', ')}`);
      }
      return value;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw typeMismatch(attribute, key, 'an integer');
      return value;
    case 'float':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw typeMismatch(attribute, key, 'a number');
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw typeMismatch(attribute, key, 'a boolean');
      return value;
    case 'date':
    case 'datetime':
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        throw typeMismatch(attribute, key, 'a Unix timestamp in seconds');
      }
      return value;
  }
}

/**
 * Validates `input` against the model's data attributes and returns the merged attribute map
 * (`current` with the changes applied; null values remove keys).
 */
export function applyCustomAttributes(
  store: IntercomStore,
  model: DataAttributeModel,
  current: Record<string, AttributeValue>,
  input: Record<string, unknown> | null | undefined,
): Record<string, AttributeValue> {
  const next = { ...current };
  if (input === null || input === undefined) return next;
  for (const [key, value] of Object.entries(input)) {
    const attribute = store.customAttribute(model, key);
    if (!attribute || attribute.archived) {
      throw parameterInvalid(`Custom attribute '${key}' does not exist`, `custom_attributes.${key}`);
    }
    const checked = checkValue(attribute, key, value);
    if (checked === null) delete next[key];
    else next[key] = checked;
  }
  return next;
}
