/**
 * The API's OpenAPI 3.1 document, generated from the zod schemas the routes validate with
 * (fastify-type-provider-zod converts them; @fastify/swagger collects every route), served at
 * GET /openapi.json, and Swagger UI at /docs (@fastify/swagger-ui serves its own assets, so the page
 * works offline). Register it before any route: @fastify/swagger only sees routes added after it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifySwagger, { type SwaggerTransform, type SwaggerTransformObject } from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import type { FastifySchema } from 'fastify';
import type { OpenAPIV3_1 } from 'openapi-types';
import { z } from 'zod';
import type { Api } from './types';
import { OPERATOR_SCHEME, OPERATOR_SESSION_SCHEME, SESSION_COOKIE } from './operator-auth';
import { OPERATION_TAGS } from './routes/operations';

export const DOCS_PREFIX = '/docs';

/** The tags operations are grouped under; a route names one of these. */
const TAGS = [
  { name: 'Health', description: 'Whether the API and Temporal answer.' },
  {
    name: 'Operator page',
    description: 'The page at `/`: the connector at a glance, its sign-in, and the status it shows.',
  },
  { name: 'Actions', description: 'Operator actions: each starts a workflow.' },
  { name: 'Runs', description: 'Status, progress and outcome of any run.' },
  { name: 'Failures', description: 'Work that failed for good, and re-driving it.' },
  {
    name: 'Activations',
    description: 'Rows of a database or a file synced into Intercom: definitions, runs, per-record results.',
  },
  ...OPERATION_TAGS,
  {
    name: 'Inbound',
    description: 'What Intercom and Hull send. Each checks its own signature: the operator token does not apply.',
  },
  { name: 'Documentation', description: 'This document.' },
];

// src/api or dist/api: the package's own package.json is two levels up in both.
const version = (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string })
  .version;

/**
 * Fastify's wildcard (`/runs/*`, whose value contains slashes) becomes a named path parameter, named
 * by the title of the params schema's `*` member (`z.string().meta({ title: 'workflowId' })`).
 */
function nameWildcard({ schema, url }: { schema: FastifySchema; url: string }): { schema: FastifySchema; url: string } {
  const params = schema.params as { properties?: Record<string, { title?: string }>; required?: string[] } | undefined;
  const wildcard = params?.properties?.['*'];
  if (!url.endsWith('*') || params === undefined || wildcard === undefined) return { schema, url };
  const name = wildcard.title ?? 'path';
  const { '*': _wildcard, ...properties } = params.properties!;
  const required = (params.required ?? []).map((key) => (key === '*' ? name : key));
  return {
    url: `${url.slice(0, -1)}{${name}}`,
    schema: { ...schema, params: { ...params, properties: { ...properties, [name]: wildcard }, required } },
  };
}

/**
 * The zod transforms, plus two things @fastify/swagger cannot tell by itself: the wildcard's name,
 * and a body the route also takes absent (Fastify validates an absent body as `null`), which the
 * document then marks as not required; and only the named schemas the operations use.
 */
function documentTransforms(): { transform: SwaggerTransform; transformObject: SwaggerTransformObject } {
  const optionalBodies = new Set<string>();
  const transform: SwaggerTransform = (input) => {
    const { schema, url } = nameWildcard(jsonSchemaTransform(input));
    const body = input.route.schema?.body;
    if (body instanceof z.ZodType && body.safeParse(null).success) {
      for (const method of [input.route.method].flat()) optionalBodies.add(`${method.toLowerCase()} ${url}`);
    }
    return { schema, url };
  };
  const transformObject: SwaggerTransformObject = (input) => {
    const document = jsonSchemaTransformObject(input) as OpenAPIV3_1.Document;
    for (const [url, item] of Object.entries(document.paths ?? {})) {
      for (const [method, operation] of Object.entries(item ?? {})) {
        const requestBody = (operation as OpenAPIV3_1.OperationObject).requestBody as
          OpenAPIV3_1.RequestBodyObject | undefined;
        if (requestBody !== undefined && optionalBodies.has(`${method} ${url}`)) requestBody.required = false;
      }
    }
    // The zod registry yields an input and an output variant of each named schema; keep those in use.
    const text = JSON.stringify(document.paths);
    const schemas = Object.entries(document.components?.schemas ?? {}).filter(([name]) =>
      text.includes(`"#/components/schemas/${name}"`),
    );
    return { ...document, components: { ...document.components, schemas: Object.fromEntries(schemas) } };
  };
  return { transform, transformObject };
}

export async function registerOpenApi(app: Api): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'hull-intercom-sync',
        version,
        description:
          'Operator API of the Hull ⇄ Intercom sync engine, and the endpoints Intercom and Hull call. ' +
          'Every 4xx and 5xx answer is RFC 9457 problem details (`application/problem+json`).',
      },
      tags: TAGS,
      components: {
        securitySchemes: {
          [OPERATOR_SCHEME]: {
            type: 'http',
            scheme: 'bearer',
            description:
              'The `API_TOKEN` the engine was started with. Required on operator routes when API_TOKEN is set ' +
              '(always when a live engine listens beyond loopback).',
          },
          [OPERATOR_SESSION_SCHEME]: {
            type: 'apiKey',
            in: 'cookie',
            name: SESSION_COOKIE,
            description:
              'The operator page’s session, set by signing in with the token (`POST /operator/session`). ' +
              'A request it authenticates that changes something must come from the page’s own origin.',
          },
        },
      },
    },
    ...documentTransforms(),
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: DOCS_PREFIX,
    theme: { title: 'hull-intercom-sync API' },
    uiConfig: { persistAuthorization: true },
  });

  app.get(
    '/openapi.json',
    {
      schema: {
        summary: 'This API as an OpenAPI 3.1 document',
        tags: ['Documentation'],
        response: { 200: z.record(z.string(), z.unknown()).describe('The OpenAPI 3.1 document.') },
      },
    },
    () => app.swagger() as Record<string, unknown>,
  );
}
