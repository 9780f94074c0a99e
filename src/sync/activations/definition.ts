/**
 * What an activation is: a named, validated definition of rows from a source synced into one Intercom
 * object with one of Hevo Activate's behaviours. The rules table below is the behaviour × object ×
 * identifier matrix of Hevo's Intercom target, and every combination it leaves out is refused with the
 * reason, before any run starts. Pure: zod and the engine's list of Intercom's writable fields.
 */
import { z } from 'zod';
import {
  COMPANY_WRITABLE_FIELDS,
  CONTACT_WRITABLE_FIELDS,
  CUSTOM_ATTRIBUTES_PREFIX,
} from '../outgoing/intercom-fields';

export const ACTIVATION_OBJECTS = ['contact', 'company', 'contact_tag', 'company_tag', 'conversation_tag'] as const;
export type ActivationObject = (typeof ACTIVATION_OBJECTS)[number];

export const ACTIVATION_BEHAVIOURS = ['upsert', 'update', 'insert', 'delete', 'archive', 'apply', 'remove'] as const;
export type ActivationBehaviour = (typeof ACTIVATION_BEHAVIOURS)[number];

export const IDENTIFIER_FIELDS = ['id', 'external_id', 'email', 'company_id'] as const;
export type IdentifierField = (typeof IDENTIFIER_FIELDS)[number];

/** The types a mapped value can be converted to (`date`: Unix seconds). */
export const VALUE_TYPES = ['string', 'integer', 'float', 'boolean', 'date'] as const;
export type ValueType = (typeof VALUE_TYPES)[number];

/**
 * Which identifiers each behaviour takes on each object (an empty list: no identifier at all). Objects
 * and behaviours missing from a row are refused. From Hevo Activate's Intercom target: contacts and
 * companies take Upsert, Update, Insert and Delete, contacts also Archive; Upsert with `id` inserts
 * rows whose id is empty and updates the matching id, with `external_id` / `email` (contacts) or
 * `company_id` (companies) it finds the record or creates it; Update takes any identifier; Insert none;
 * Delete and Archive only `id`. Tags are applied or removed by name on contacts, companies and
 * conversations, whose records are found by their own identifiers.
 */
export const BEHAVIOUR_RULES: Readonly<
  Record<ActivationObject, Partial<Record<ActivationBehaviour, readonly IdentifierField[]>>>
> = {
  contact: {
    upsert: ['id', 'external_id', 'email'],
    update: ['id', 'external_id', 'email'],
    insert: [],
    delete: ['id'],
    archive: ['id'],
  },
  company: { upsert: ['id', 'company_id'], update: ['id', 'company_id'], insert: [], delete: ['id'] },
  contact_tag: { apply: ['id', 'external_id', 'email'], remove: ['id', 'external_id', 'email'] },
  company_tag: { apply: ['id', 'company_id'], remove: ['id', 'company_id'] },
  conversation_tag: { apply: ['id'], remove: ['id'] },
};

/** Why a combination is refused, in words an operator can act on; undefined when it is allowed. */
export function refusal(
  object: ActivationObject,
  behaviour: ActivationBehaviour,
  identifier: IdentifierField | undefined,
): string | undefined {
  const behaviours = BEHAVIOUR_RULES[object];
  const allowed = behaviours[behaviour];
  if (allowed === undefined) {
    const names = Object.keys(behaviours).join(', ');
    if (behaviour === 'archive') return `only contacts can be archived (${object} takes ${names})`;
    if (behaviour === 'apply' || behaviour === 'remove') {
      return `${behaviour} is for tag objects (contact_tag, company_tag, conversation_tag); ${object} takes ${names}`;
    }
    return `${object} does not take ${behaviour} (it takes ${names})`;
  }
  if (allowed.length === 0) {
    return identifier === undefined
      ? undefined
      : `${behaviour} takes no identifier: it adds new records, which Intercom identifies itself (remove identifier)`;
  }
  if (identifier === undefined) return `${behaviour} on ${object} needs an identifier: one of ${allowed.join(', ')}`;
  if (!allowed.includes(identifier)) {
    const why =
      behaviour === 'delete' || behaviour === 'archive'
        ? ` (Intercom ${behaviour}s records by their Intercom id only)`
        : '';
    return `${behaviour} on ${object} cannot use identifier ${identifier}${why}: use ${allowed.join(' or ')}`;
  }
  return undefined;
}

/** The Intercom model whose fields an object's mapping writes (tag objects write no fields). */
export function modelOf(object: ActivationObject): 'contact' | 'company' | undefined {
  if (object === 'contact') return 'contact';
  if (object === 'company') return 'company';
  return undefined;
}

const NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;
const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

/** Where an activation's PostgreSQL source's connection URL comes from when `connection_env` is not given. */
export const DEFAULT_SOURCE_ENV = 'ACTIVATIONS_SOURCE_DATABASE_URL';

const sourceSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({
      kind: z.literal('postgres'),
      /**
       * The environment variable that holds the connection URL on the workers (never the URL itself:
       * definitions travel through workflow histories and the API, secrets must not).
       */
      connection_env: z
        .string()
        .regex(ENV_NAME, { error: 'must name an environment variable, e.g. WAREHOUSE_DATABASE_URL' })
        .default(DEFAULT_SOURCE_ENV),
      query: z.string().trim().min(1, { error: 'must be a SQL query, e.g. SELECT email, name FROM customers' }),
    }),
    z.strictObject({ kind: z.literal('csv'), path: z.string().min(1, { error: 'must be a file path' }) }),
    z.strictObject({ kind: z.literal('ndjson'), path: z.string().min(1, { error: 'must be a file path' }) }),
    z.strictObject({
      kind: z.literal('upload'),
      format: z.enum(['csv', 'ndjson'], { error: 'must be csv or ndjson' }),
    }),
  ],
  { error: 'must be {kind: postgres, query}, {kind: csv | ndjson, path} or {kind: upload, format}' },
);

const mappingSchema = z.strictObject({
  column: z.string().min(1, { error: 'must name a source column' }),
  field: z
    .string()
    .min(1, { error: 'must name an Intercom field, e.g. name or custom_attributes.plan' })
    .transform((field) => field.trim()),
  type: z.enum(VALUE_TYPES, { error: `must be one of ${VALUE_TYPES.join(', ')}` }).optional(),
});

const scheduleSchema = z.union(
  [
    z.strictObject({
      every_minutes: z
        .number()
        .int({ error: 'must be a whole number of minutes' })
        .min(1, { error: 'must be at least 1 minute' })
        .max(10_080, { error: 'must be at most a week (10080 minutes)' }),
    }),
    z.strictObject({ cron: z.string().trim().min(1, { error: 'must be a cron expression, e.g. 0 * * * *' }) }),
  ],
  { error: 'must be {every_minutes: N} or {cron: "<expression>"}' },
);

export const PAGE_SIZE_DEFAULT = 250;

const definitionShape = z.strictObject({
  name: z.string().regex(NAME, {
    error: 'must be 1-63 lowercase letters, digits, _ or -, starting with a letter or digit (it is part of URLs)',
  }),
  description: z.string().optional(),
  source: sourceSchema,
  object: z.enum(ACTIVATION_OBJECTS, { error: `must be one of ${ACTIVATION_OBJECTS.join(', ')}` }),
  behaviour: z.enum(ACTIVATION_BEHAVIOURS, { error: `must be one of ${ACTIVATION_BEHAVIOURS.join(', ')}` }),
  identifier: z
    .strictObject({
      field: z.enum(IDENTIFIER_FIELDS, { error: `must be one of ${IDENTIFIER_FIELDS.join(', ')}` }),
      column: z.string().min(1, { error: 'must name the source column holding the identifier' }),
    })
    .optional(),
  /** The source column that identifies a row from one run to the next (defaults to the identifier's column). */
  key: z.string().min(1).optional(),
  mapping: z.array(mappingSchema).default([]),
  /** Tag objects: the tag's name, fixed or from a column. Created in Intercom when missing. */
  tag: z.strictObject({ name: z.string().trim().min(1).optional(), column: z.string().min(1).optional() }).optional(),
  /** Conversation tags are applied and removed on behalf of an Intercom admin. */
  admin_id: z.string().min(1).optional(),
  schedule: scheduleSchema.optional(),
  page_size: z
    .number()
    .int()
    .min(1, { error: 'must be at least 1' })
    .max(1_000, { error: 'must be at most 1000 rows a page' })
    .default(PAGE_SIZE_DEFAULT),
});

/** Hevo (and American English) spell it `behavior`: accepted and read as `behaviour`. */
const acceptBehaviorSpelling = (input: unknown): unknown => {
  if (input === null || typeof input !== 'object') return input;
  const { behavior, ...rest } = input as Record<string, unknown>;
  if (behavior === undefined || rest.behaviour !== undefined) return input;
  return { ...rest, behaviour: behavior };
};

type Shape = z.infer<typeof definitionShape>;

/** Every rule that involves more than one field, each as `path: problem`. */
function crossFieldProblems(definition: Shape): Array<{ path: PropertyKey[]; message: string }> {
  const problems: Array<{ path: PropertyKey[]; message: string }> = [];
  const { object, behaviour, identifier, mapping } = definition;
  const refused = refusal(object, behaviour, identifier?.field);
  // Reported under `combination`: the problem is the three together, not one field's value.
  if (refused !== undefined) problems.push({ path: ['combination'], message: refused });

  const needsKey = behaviour === 'insert' || (behaviour === 'upsert' && identifier?.field === 'id');
  if (needsKey && definition.key === undefined) {
    problems.push({
      path: ['key'],
      message:
        behaviour === 'insert'
          ? 'insert needs a key column that identifies a row from one run to the next (so a re-run does not insert it again)'
          : 'upsert by id inserts rows whose id is empty, so it needs a key column that identifies a row from one run to the next',
    });
  }

  const model = modelOf(object);
  if (model === undefined || behaviour === 'delete' || behaviour === 'archive') {
    if (mapping.length > 0) {
      problems.push({ path: ['mapping'], message: `${object} ${behaviour} writes no fields: remove the mapping` });
    }
  } else {
    const writable = model === 'contact' ? CONTACT_WRITABLE_FIELDS : COMPANY_WRITABLE_FIELDS;
    const seen = new Set<string>();
    mapping.forEach((entry, index) => {
      const custom = entry.field.startsWith(CUSTOM_ATTRIBUTES_PREFIX);
      if (custom && entry.field.length === CUSTOM_ATTRIBUTES_PREFIX.length) {
        problems.push({ path: ['mapping', index, 'field'], message: 'custom_attributes. needs an attribute name' });
      } else if (!custom && writable[entry.field] === undefined) {
        problems.push({
          path: ['mapping', index, 'field'],
          message: `${entry.field} is not a writable ${model} field (${Object.keys(writable).join(', ')}); a custom attribute is custom_attributes.${entry.field}`,
        });
      }
      if (seen.has(entry.field)) {
        problems.push({ path: ['mapping', index, 'field'], message: `${entry.field} is mapped twice` });
      }
      seen.add(entry.field);
    });
    if (object === 'company' && behaviour === 'insert' && !seen.has('company_id')) {
      problems.push({
        path: ['mapping'],
        message: 'inserting companies needs company_id mapped (Intercom creates companies by company_id)',
      });
    }
  }

  const isTag = object.endsWith('_tag');
  if (isTag && definition.tag?.name === undefined && definition.tag?.column === undefined) {
    problems.push({ path: ['tag'], message: 'a tag object needs tag: {name: "<tag>"} or {column: "<column>"}' });
  }
  if (isTag && definition.tag?.name !== undefined && definition.tag.column !== undefined) {
    problems.push({ path: ['tag'], message: 'give the tag a fixed name or a column, not both' });
  }
  if (!isTag && definition.tag !== undefined) {
    problems.push({ path: ['tag'], message: `only tag objects take a tag (${object} does not)` });
  }
  if (object === 'conversation_tag' && definition.admin_id === undefined) {
    problems.push({
      path: ['admin_id'],
      message: 'conversation tags are applied by an Intercom admin: set admin_id',
    });
  }
  return problems;
}

export const activationDefinitionSchema = z.preprocess(
  acceptBehaviorSpelling,
  definitionShape.superRefine((definition, ctx) => {
    for (const problem of crossFieldProblems(definition)) {
      ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
    }
  }),
);

export type ActivationDefinition = z.infer<typeof activationDefinitionSchema>;
export type ActivationDefinitionInput = z.input<typeof definitionShape>;
export type ActivationSource = ActivationDefinition['source'];
export type ActivationMapping = ActivationDefinition['mapping'][number];

/** The source column that keys a row: `key`, else the identifier's column. */
export const keyColumnOf = (definition: ActivationDefinition): string =>
  definition.key ?? definition.identifier?.column ?? '';

/** Every source column the definition reads, to check against what the source actually has. */
export function columnsOf(definition: ActivationDefinition): string[] {
  const columns = [keyColumnOf(definition), definition.identifier?.column, definition.tag?.column];
  columns.push(...definition.mapping.map((entry) => entry.column));
  return [...new Set(columns.filter((column): column is string => column !== undefined && column !== ''))];
}
