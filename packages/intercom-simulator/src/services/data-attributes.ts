/**
 * Custom data attributes (POST/PUT /data_attributes). Names are unique across models — the error text
 * names the model that already has it, as in the spec examples — must not reuse built-in names, and may
 * only contain letters, digits, spaces, underscores, hyphens and currency symbols (never `.` or `$`).
 * A workspace holds at most 250 custom attributes. Name, model and type are immutable afterwards.
 */
import type { SimulatorContext } from '../context';
import { IntercomHttpError, parameterInvalid } from '../errors';
import type { DataAttributeModel, DataAttributeRecord, DataAttributeType } from '../records';
import { isStandardAttributeName } from '../standard-attributes';

export const MAX_CUSTOM_ATTRIBUTES = 250;
const DATA_TYPES: readonly DataAttributeType[] = [
  'string',
  'integer',
  'float',
  'boolean',
  'date',
  'datetime',
  'options',
];
const VALID_NAME = /^[\p{L}\p{N} _\-\p{Sc}]+$/u;

export interface DataAttributeInput {
  name?: unknown;
  model?: unknown;
  data_type?: unknown;
  description?: unknown;
  messenger_writable?: unknown;
  options?: unknown;
}

function modelLabel(model: DataAttributeModel): string {
  return model === 'contact' ? 'people' : 'company';
}

function parseOptions(options: unknown): string[] {
  if (!Array.isArray(options)) throw parameterInvalid("Options isn't an array", 'options');
  const values = options.map((option) =>
    typeof option === 'object' && option !== null ? (option as { value?: unknown }).value : undefined,
  );
  if (values.some((value) => typeof value !== 'string' || value === '')) {
    throw parameterInvalid('Each option needs a string value', 'options');
  }
  if (values.length < 2) throw parameterInvalid('A list attribute needs at least two options', 'options');
  return values as string[];
}

export function createDataAttribute(ctx: SimulatorContext, input: DataAttributeInput): DataAttributeRecord {
  const { name, model, data_type: dataType } = input;
  if (model !== 'contact' && model !== 'company') {
    throw parameterInvalid('The Data Attribute model field must be either contact or company', 'model');
  }
  if (typeof name !== 'string' || name.trim() === '') throw parameterInvalid('name is required', 'name');
  if (!VALID_NAME.test(name) || name.includes('$')) {
    throw parameterInvalid(
      'Your name for this attribute must only contain alphanumeric characters, currency symbols, and hyphens',
      'name',
    );
  }
  if (typeof dataType !== 'string' || !DATA_TYPES.includes(dataType as DataAttributeType)) {
    throw parameterInvalid("Data Type isn't an option", 'data_type');
  }
  for (const existingModel of ['company', 'contact'] as const) {
    const taken =
      isStandardAttributeName(existingModel, name) || ctx.store.customAttribute(existingModel, name) !== undefined;
    if (taken) {
      throw parameterInvalid(
        `You already have '${name}' in your ${modelLabel(existingModel)} data. To save this as new ${modelLabel(model)} data, use a different name.`,
        'name',
      );
    }
  }
  if (ctx.store.dataAttributes.size >= MAX_CUSTOM_ATTRIBUTES) {
    throw parameterInvalid(`You can have at most ${MAX_CUSTOM_ATTRIBUTES} custom data attributes`, 'name');
  }
  const now = ctx.nowSeconds();
  const attribute: DataAttributeRecord = {
    id: ctx.store.ids.numeric('data_attribute', 0),
    name,
    model,
    data_type: dataType as DataAttributeType,
    description: typeof input.description === 'string' ? input.description : '',
    options: dataType === 'options' ? parseOptions(input.options) : [],
    // 2.11+: new attributes are not messenger-writable unless asked for.
    messenger_writable: input.messenger_writable === true,
    archived: false,
    admin_id: ctx.store.meAdminId,
    created_at: now,
    updated_at: now,
  };
  ctx.store.dataAttributes.set(attribute.id, attribute);
  return attribute;
}

function usedBySegment(ctx: SimulatorContext, attribute: DataAttributeRecord): boolean {
  const needle = `"custom_attributes.${attribute.name}"`;
  return [...ctx.store.segments.values()].some((segment) => JSON.stringify(segment.query).includes(needle));
}

export function updateDataAttribute(
  ctx: SimulatorContext,
  id: number,
  input: { archived?: unknown; description?: unknown; messenger_writable?: unknown; options?: unknown },
): DataAttributeRecord {
  const attribute = ctx.store.dataAttributes.get(id);
  if (!attribute) {
    throw new IntercomHttpError(404, 'field_not_found', "We couldn't find that data attribute to update");
  }
  const next: DataAttributeRecord = { ...attribute };
  if (typeof input.archived === 'boolean') {
    if (input.archived && !attribute.archived && attribute.model === 'contact' && usedBySegment(ctx, attribute)) {
      throw new IntercomHttpError(
        422,
        'data_invalid',
        'The Data Attribute you are trying to archive has a dependant object',
      );
    }
    next.archived = input.archived;
  }
  if (typeof input.description === 'string') next.description = input.description;
  if (typeof input.messenger_writable === 'boolean') next.messenger_writable = input.messenger_writable;
  if (input.options !== undefined) {
    if (attribute.data_type !== 'options') {
      throw parameterInvalid('Options can only be set on list attributes', 'options');
    }
    next.options = parseOptions(input.options);
  }
  next.updated_at = ctx.nowSeconds();
  ctx.store.dataAttributes.set(id, next);
  return next;
}
