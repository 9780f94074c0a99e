/**
 * Validates HTTP traffic against Intercom's official OpenAPI description of REST API 2.16
 * (the file at INTERCOM_SPEC_PATH, or one passed in), adjusted so that a JSON Schema validator reads it:
 * OpenAPI 3.0 `nullable` becomes a null type, `example(s)` are dropped, component refs are made absolute;
 * no `additionalProperties: false` is added (live payloads carry more fields than the schemas); company
 * `custom_attributes` and event `metadata` are relaxed to plain objects (the spec types them string-only);
 * POST /tags bodies are checked against the one component their shape selects (the `oneOf` overlaps), and
 * PUT /data_attributes/{id} bodies against the base schema plus, with `options`, its list branch (its
 * `oneOf` overlaps too: the "other type" branch has no constraint, so the spec's own example fails it).
 * Query and header parameters are checked against their declared schemas (with string coercion);
 * undeclared ones (e.g. `per_page`/`starting_after` on GET /contacts in 2.16) are allowed.
 * Schemas are compiled on first use and cached.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import type { SpecValidator } from './options';

/** Where the project keeps Intercom's OpenAPI file: `shared/` beside the checkout (this file is 4 levels down). */
export const INTERCOM_SPEC_PATH = path.resolve(
  __dirname,
  '..',
  '..',
  '..',
  '..',
  'shared',
  'intercom-openapi',
  'api.intercom.io.yaml',
);

/** Any absolute URI works as the $id the component refs resolve against. */
const BASE = 'https://intercom.invalid/openapi-2.16.json';

type Json = unknown;
type JsonObject = Record<string, Json>;

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: JsonObject;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonObject }> };
  responses?: Record<string, { $ref?: string; content?: Record<string, { schema?: JsonObject }> }>;
}

interface Spec {
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: JsonObject;
    responses?: Record<string, { content?: Record<string, { schema?: JsonObject }> }>;
  };
}

function isObject(value: Json): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** OpenAPI 3.0 -> JSON Schema, as in the README. */
function toJsonSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'example' || key === 'examples' || key === 'nullable') continue;
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/components/')) {
      out[key] = BASE + value;
      continue;
    }
    out[key] = toJsonSchema(value);
  }
  if (node.nullable === true) {
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null'];
      if (Array.isArray(out.enum)) out.enum = [...(out.enum as Json[]), null];
    } else {
      return { anyOf: [out, { type: 'null' }] };
    }
  }
  return out;
}

const STRING_MAP_PROPERTIES = new Set(['custom_attributes', 'metadata']);

/** README caveat 2: string-only maps for company custom attributes and event metadata become `{type: object}`. */
function relaxStringMaps(node: Json): Json {
  if (Array.isArray(node)) return node.map(relaxStringMaps);
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties' && isObject(value)) {
      const properties: JsonObject = {};
      for (const [name, schema] of Object.entries(value)) {
        const stringMap =
          STRING_MAP_PROPERTIES.has(name) &&
          isObject(schema) &&
          isObject(schema.additionalProperties) &&
          schema.additionalProperties.type === 'string';
        properties[name] = stringMap ? { type: 'object' } : relaxStringMaps(schema);
      }
      out[key] = properties;
    } else {
      out[key] = relaxStringMaps(value);
    }
  }
  return out;
}

const convert = (schema: Json): Json => relaxStringMaps(toJsonSchema(schema));

let cachedSpec: Spec | undefined;

function loadSpec(specPath: string): Spec {
  if (specPath === INTERCOM_SPEC_PATH && cachedSpec) return cachedSpec;
  const spec = parse(readFileSync(specPath, 'utf8')) as Spec;
  if (specPath === INTERCOM_SPEC_PATH) cachedSpec = spec;
  return spec;
}

function describe(errors: ErrorObject[] | null | undefined, prefix: string): string[] {
  const messages = (errors ?? []).map((error) => `${prefix}${error.instancePath} ${error.message ?? 'is invalid'}`);
  return [...new Set(messages)];
}

/** README caveat 3: the overlapping `oneOf` of POST /tags is replaced by the component the body's shape selects. */
function tagRequestComponent(body: Json): string {
  if (isObject(body) && Array.isArray(body.users)) return 'tag_multiple_users_request';
  if (isObject(body) && Array.isArray(body.companies)) {
    const untag = body.companies.some((company) => isObject(company) && company.untag === true);
    return untag ? 'untag_company_request' : 'tag_company_request';
  }
  return 'create_or_update_tag_request';
}

/**
 * `update_data_attribute_request` with its overlapping `oneOf` replaced by the branch the
 * body's shape selects (the list branch when it has `options`, none otherwise).
 */
function dataAttributeUpdateSchema(spec: Spec, body: Json): Json {
  const { oneOf, ...base } = spec.components.schemas.update_data_attribute_request as JsonObject;
  const list: Json = Array.isArray(oneOf) ? (oneOf[0] as Json) : undefined;
  return isObject(body) && body.options !== undefined && list !== undefined ? { ...base, allOf: [list] } : base;
}

/** Keys an `explode: true` object parameter contributes, gathered from its properties and oneOf/anyOf branches. */
function objectParameterKeys(schema: JsonObject): string[] {
  const keys = new Set<string>(isObject(schema.properties) ? Object.keys(schema.properties) : []);
  for (const combinator of ['oneOf', 'anyOf', 'allOf'] as const) {
    const branches = schema[combinator];
    if (Array.isArray(branches))
      for (const branch of branches) if (isObject(branch)) objectParameterKeys(branch).forEach((k) => keys.add(k));
  }
  return [...keys];
}

export interface IntercomSpecValidator extends SpecValidator {
  /** Validates any value against a component schema, e.g. ('error', body). */
  validateComponent(name: string, value: unknown): string[];
}

/** Builds a SpecValidator for the Intercom 2.16 description (the file is parsed once per process). */
export function createIntercomSpecValidator(specPath: string = INTERCOM_SPEC_PATH): IntercomSpecValidator {
  const spec = loadSpec(specPath);
  const components = { $id: BASE, components: { schemas: convert(spec.components.schemas) } };
  const bodyAjv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  // Query strings and headers are text; coercion lets `?page=2` satisfy `type: integer`.
  const paramAjv = new Ajv({ strict: false, allErrors: true, validateFormats: false, coerceTypes: 'array' });
  bodyAjv.addSchema(components);
  paramAjv.addSchema(components);
  const cache = new Map<string, ValidateFunction>();

  const compiled = (ajv: Ajv, key: string, schema: () => Json): ValidateFunction => {
    let validate = cache.get(key);
    if (!validate) {
      validate = ajv.compile(convert(schema()) as JsonObject);
      cache.set(key, validate);
    }
    return validate;
  };
  const component = (name: string): ValidateFunction =>
    compiled(bodyAjv, `component:${name}`, () => ({ $ref: `#/components/schemas/${name}` }));
  const operation = (method: string, template: string): Operation | undefined =>
    spec.paths[template]?.[method.toLowerCase()];

  function validateParameters(
    method: string,
    template: string,
    op: Operation,
    query: JsonObject,
    headers: JsonObject,
  ): string[] {
    const problems: string[] = [];
    for (const parameter of op.parameters ?? []) {
      if (parameter.in !== 'query' && parameter.in !== 'header') continue;
      const schema = parameter.schema ?? {};
      let value: Json;
      if (parameter.in === 'header') {
        value = headers[parameter.name.toLowerCase()];
      } else if (schema.type === 'object') {
        const picked: JsonObject = {};
        for (const key of objectParameterKeys(schema)) if (query[key] !== undefined) picked[key] = query[key];
        value = Object.keys(picked).length > 0 ? picked : undefined;
      } else {
        value = query[parameter.name];
      }
      const where = `${parameter.in === 'header' ? 'header' : 'query'}/${parameter.name}`;
      if (value === undefined) {
        if (parameter.required === true) problems.push(`${where} is required`);
        continue;
      }
      const key = `param:${method}:${template}:${parameter.in}:${parameter.name}`;
      const validate = compiled(paramAjv, key, () => ({ type: 'object', properties: { value: schema } }));
      if (!validate({ value }))
        problems.push(...describe(validate.errors, where).map((m) => m.replace(`${where}/value`, where)));
    }
    return problems;
  }

  return {
    validateRequest(method, template, request) {
      const op = operation(method, template);
      if (!op) return [`${method} ${template} is not described in the spec`];
      const problems = validateParameters(
        method,
        template,
        op,
        isObject(request.query) ? request.query : {},
        request.headers,
      );
      const bodySpec = op.requestBody;
      const schema = bodySpec?.content?.['application/json']?.schema;
      if (schema === undefined) return problems;
      if (request.body === undefined) {
        if (bodySpec?.required === true) problems.push('body is required');
        return problems;
      }
      const upper = method.toUpperCase();
      const withOptions = isObject(request.body) && request.body.options !== undefined;
      const validate =
        upper === 'POST' && template === '/tags'
          ? component(tagRequestComponent(request.body))
          : upper === 'PUT' && template === '/data_attributes/{data_attribute_id}'
            ? compiled(bodyAjv, `request:data-attribute-update:${withOptions}`, () =>
                dataAttributeUpdateSchema(spec, request.body),
              )
            : compiled(bodyAjv, `request:${method}:${template}`, () => schema);
      if (!validate(request.body)) problems.push(...describe(validate.errors, 'body'));
      return problems;
    },

    validateResponse(method, template, status, body) {
      const op = operation(method, template);
      if (!op) return [`${method} ${template} is not described in the spec`];
      let response = op.responses?.[String(status)] ?? op.responses?.default;
      if (response?.$ref !== undefined) {
        response = spec.components.responses?.[response.$ref.split('/').pop() ?? ''];
      }
      if (response === undefined) {
        // Most error statuses (429, 5xx, many 400/404s) are undeclared; their bodies are still `error`s.
        if (status < 400) return [`status ${status} is not declared`];
        const validate = component('error');
        return validate(body) ? [] : describe(validate.errors, 'body');
      }
      const schema = response.content?.['application/json']?.schema;
      if (schema === undefined) return body === undefined ? [] : ['the spec declares no body, but one was sent'];
      if (body === undefined) return ['the spec declares a JSON body, but none was sent'];
      const validate = compiled(bodyAjv, `response:${method}:${template}:${status}`, () => schema);
      return validate(body) ? [] : describe(validate.errors, 'body');
    },

    validateComponent(name, value) {
      const validate = component(name);
      return validate(value) ? [] : describe(validate.errors, '');
    },
  };
}
