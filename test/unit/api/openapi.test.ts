/**
 * The API's OpenAPI document (GET /openapi.json) and Swagger UI (GET /docs), on the real API: the
 * document is valid OpenAPI 3.1, lists exactly the routes Fastify registered (every one but Swagger
 * UI's own), each with its request and response schemas, problem details for every error answer and
 * the bearer scheme on operator routes; Swagger UI's page and assets are served by the API itself.
 */
import { validate, compileErrors } from '@readme/openapi-parser';
import type { OpenAPIV3_1 } from 'openapi-types';
import { registeredRoutes } from '../../../src/api/error-answers';
import { DOCS_PREFIX } from '../../../src/api/openapi';
import { operationNames } from '../../../src/operations';
import { buildOfflineApi, type OfflineApi } from '../../helpers/offline-api';

type Operation = OpenAPIV3_1.OperationObject;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** `/runs/*`, `/runs/{workflowId}` and `/actions/fetch-all/:entity` alike: every parameter as `{}`. */
const template = (url: string) => url.replace(/\{[^}]+\}|:[A-Za-z0-9_]+|\*$/g, '{}');

let api: OfflineApi;
let document: OpenAPIV3_1.Document;
let operations: Array<{ method: string; path: string; operation: Operation }>;

beforeAll(async () => {
  api = await buildOfflineApi();
  const response = await api.app.inject({ method: 'GET', url: '/openapi.json' });
  expect(response.statusCode).toBe(200);
  document = response.json();
  operations = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    METHODS.filter((method) => item?.[method] !== undefined).map((method) => ({
      method: method.toUpperCase(),
      path,
      operation: item![method]!,
    })),
  );
});

afterAll(async () => {
  await api?.close();
});

it('is a valid OpenAPI 3.1 document', async () => {
  const result = await validate(structuredClone(document) as never);
  expect(result.valid ? 'valid' : compileErrors(result)).toBe('valid');
  expect(document.openapi).toBe('3.1.0');
  expect(operations.length).toBeGreaterThanOrEqual(9);
});

it('lists every route Fastify registered, and nothing else (Swagger UI’s own routes aside)', () => {
  const routes = registeredRoutes(api.app);
  const gets = new Set(routes.filter((r) => r.method === 'GET').map((r) => r.url));
  const documentable = routes
    .filter((route) => route.url !== DOCS_PREFIX && !route.url.startsWith(`${DOCS_PREFIX}/`))
    // Fastify answers HEAD on every GET route by itself; OpenAPI documents the GET.
    .filter((route) => !(route.method === 'HEAD' && gets.has(route.url)));
  const registered = documentable.map((route) => `${route.method} ${template(route.url)}`).sort();
  const documented = operations.map(({ method, path }) => `${method} ${template(path)}`).sort();
  expect(documented).toEqual(registered);
  expect(documented).toEqual(
    expect.arrayContaining([
      'GET /health',
      'GET /openapi.json',
      'GET /runs/{}',
      'POST /actions/fetch-all/{}',
      'POST /webhooks/intercom',
      'POST /hull/notifications',
    ]),
  );
});

it('gives every operation a summary, a declared tag, a success schema and problem details for its errors', () => {
  const tags = new Set((document.tags ?? []).map((tag) => tag.name));
  for (const { method, path, operation } of operations) {
    const where = `${method} ${path}`;
    expect({ where, summary: typeof operation.summary }).toEqual({ where, summary: 'string' });
    expect({ where, tags: operation.tags?.every((tag) => tags.has(tag)) }).toEqual({ where, tags: true });
    const responses = Object.entries(operation.responses ?? {}) as Array<[string, OpenAPIV3_1.ResponseObject]>;
    // The OAuth routes answer with a redirect (a browser follows it), every other one with a 2xx; an
    // operation answers its result (200) or, still running after the wait, the run to poll (202).
    const successes = responses.filter(([status]) => /^[23]/.test(status));
    const expected = /^\/operations\/[a-z_]+\.[a-z_]+$/.test(path)
      ? ['200', '202']
      : [successes[0]?.[0] ?? 'one success status'];
    expect({ where, successes: successes.map(([status]) => status) }).toEqual({ where, successes: expected });
    for (const [status, response] of successes) {
      // 204 No Content and the redirects are the successes with no body to describe.
      if (status === '204' || status.startsWith('3')) {
        expect({ where, content: response.content }).toEqual({ where, content: undefined });
        continue;
      }
      // The operator page is the one HTML answer.
      const type = where === 'GET /' ? 'text/html' : 'application/json';
      expect({ where, status, schema: response.content?.[type]?.schema !== undefined }).toEqual({
        where,
        status,
        schema: true,
      });
      expect({ where, described: response.description !== 'Default Response' }).toEqual({ where, described: true });
    }
    for (const [status, response] of responses.filter(([code]) => /^[45]/.test(code))) {
      expect({ where, status, content: response.content }).toEqual({
        where,
        status,
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      });
    }
  }
});

it('documents each route’s path, query and body input', () => {
  const byRoute = new Map(operations.map((o) => [`${o.method} ${o.path}`, o.operation]));
  const parameters = (key: string) =>
    ((byRoute.get(key)?.parameters ?? []) as OpenAPIV3_1.ParameterObject[]).map((p) => `${p.in}:${p.name}`);
  expect(parameters('GET /runs/{workflowId}')).toEqual(['path:workflowId']);
  expect(parameters('POST /actions/fetch-all/{entity}')).toEqual(['path:entity']);
  expect(parameters('GET /failures')).toEqual(['query:include']);
  expect(parameters('POST /webhooks/intercom')).toEqual(['header:x-hub-signature']);
  const body = (key: string) => byRoute.get(key)?.requestBody as OpenAPIV3_1.RequestBodyObject | undefined;
  expect(body('POST /webhooks/intercom')).toMatchObject({
    required: true,
    content: { 'application/json': { schema: { properties: { type: { enum: ['notification_event'] } } } } },
  });
  expect(body('POST /hull/notifications')).toMatchObject({
    required: true,
    content: { 'application/json': { schema: { required: expect.arrayContaining(['notification_id', 'channel']) } } },
  });
  // POST /failures/retry takes no body at all, or {} or {"workflowId": ...}.
  expect(body('POST /failures/retry')).toMatchObject({ required: false });
  expect(Object.keys(document.components?.schemas ?? {})).toEqual(['Problem']);
  const problem = document.components?.schemas?.Problem as OpenAPIV3_1.SchemaObject;
  expect(problem.required).toEqual(['type', 'title', 'status', 'detail']);
  expect(Object.keys(problem.properties ?? {})).toEqual(['type', 'title', 'status', 'detail', 'instance', 'errors']);
});

it('declares the operator token as a bearer scheme on exactly the operator routes', () => {
  expect(document.components?.securitySchemes).toEqual({
    operatorToken: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
    operatorSession: expect.objectContaining({ type: 'apiKey', in: 'cookie', name: 'hull_intercom_operator' }),
  });
  const secured = operations
    .filter(({ operation }) => operation.security?.some((requirement) => 'operatorToken' in requirement))
    .map(({ method, path }) => `${method} ${path}`)
    .sort();
  expect(secured).toEqual([
    'DELETE /activations/{name}',
    'GET /activations',
    'GET /activations/{name}',
    'GET /activations/{name}/runs',
    'GET /activations/{name}/runs/{runId}',
    'GET /activations/{name}/runs/{runId}/records',
    'GET /auth/intercom',
    'GET /failures',
    'GET /operations',
    'GET /operator/status',
    'GET /runs/{workflowId}',
    'POST /actions/check-connections',
    'POST /actions/fetch-all/{entity}',
    'POST /activations',
    'POST /activations/{name}/runs',
    'POST /failures/retry',
    ...operationNames()
      .map((name) => `POST /operations/${name}`)
      .sort(),
    'POST /operations/{name}',
    'PUT /activations/{name}',
    'PUT /activations/{name}/upload',
  ]);
  for (const { operation } of operations.filter(({ operation }) => operation.security !== undefined)) {
    expect(operation.responses?.['401']).toBeDefined();
  }
});

it('serves Swagger UI at /docs from its own assets, on the same document', async () => {
  const page = await api.app.inject({ method: 'GET', url: '/docs/' });
  expect(page.statusCode).toBe(200);
  expect(page.headers['content-type']).toMatch(/^text\/html/);
  expect(page.body).toContain('<div id="swagger-ui"></div>');
  expect(page.body).toContain('<title>hull-intercom-sync API</title>');
  // Works offline: nothing is loaded from another origin.
  expect(page.body).not.toMatch(/(src|href)="(https?:)?\/\//);
  const assets = [...page.body.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((match) => match[1]!);
  expect(assets).toEqual(
    expect.arrayContaining([
      'static/swagger-ui.css',
      'static/swagger-ui-bundle.js',
      'static/swagger-ui-standalone-preset.js',
      'static/swagger-initializer.js',
    ]),
  );
  for (const asset of assets) {
    const response = await api.app.inject({ method: 'GET', url: `/docs/${asset}` });
    expect({ asset, status: response.statusCode }).toEqual({ asset, status: 200 });
  }
  const initializer = await api.app.inject({ method: 'GET', url: '/docs/static/swagger-initializer.js' });
  // Swagger UI's online validator badge stays off: it would send the document to validator.swagger.io.
  expect(initializer.body).toContain('validatorUrl: null');
  const shown = await api.app.inject({ method: 'GET', url: '/docs/json' });
  expect(shown.json()).toEqual(document);
  expect((await api.app.inject({ method: 'GET', url: '/docs' })).statusCode).toBe(200);
});
