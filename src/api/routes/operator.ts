import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { constantTimeEqual } from '../../config/secret';
import type { ApiContext } from '../context';
import { OPERATOR_SECURITY, SESSION_COOKIE, sessionValue } from '../operator-auth';
import { operatorStatus } from '../operator-status';
import { HttpProblem, problemResponses } from '../problem';
import { operatorStatusSchema } from '../schemas/operator';
import type { Api } from '../types';

// src/api/routes or dist/api/routes: the page's files stay in src/ (the image carries src/ too).
const PAGE_DIR = join(__dirname, '..', '..', '..', 'src', 'api', 'operator-page');

/** How long a sign-in lasts. */
const SESSION_SECONDS = 12 * 60 * 60;

/**
 * The page and its script, read once: the script is inlined and allowed by its hash alone (CSP), so the
 * page loads nothing from anywhere and runs no other script.
 */
function loadPage(tokenRequired: boolean): { html: string; csp: string } {
  const script = readFileSync(join(PAGE_DIR, 'page.js'), 'utf8');
  const hash = createHash('sha256').update(script).digest('base64');
  const html = readFileSync(join(PAGE_DIR, 'page.html'), 'utf8')
    .replace('<body>', `<body data-token-required="${tokenRequired}">`)
    .replace('<!-- script -->', () => `<script>${script}</script>`);
  const csp = [
    "default-src 'none'",
    `script-src 'sha256-${hash}'`,
    "style-src 'unsafe-inline'",
    "connect-src 'self'",
    "img-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  return { html, csp };
}

const signInSchema = z
  .object({ token: z.string().min(1).describe('The API_TOKEN the engine was started with.') })
  .strict();

/**
 * The operator page (GET /) and what it reads (GET /operator/status; it also uses GET /failures and
 * the re-drive and check buttons' routes). The page itself holds no data, so it is served to anyone,
 * as Swagger UI is; everything it shows comes from operator routes. When API_TOKEN is set, it asks
 * for the token once and exchanges it for a session cookie (POST /operator/session: HttpOnly,
 * SameSite=Strict, an HMAC of the token rather than the token), which then authenticates its
 * requests; nothing is kept in the browser's storage.
 */
export function registerOperatorRoutes(app: Api, ctx: ApiContext): void {
  const token = ctx.operatorToken?.reveal();
  const page = loadPage(token !== undefined);

  app.get(
    '/',
    {
      schema: {
        summary: 'The operator page',
        description:
          'Connections, rate budget, runs with progress, writes per hour, failures with re-drive, links into the ' +
          'Temporal UI. Asks for the operator token first when API_TOKEN is set; it loads nothing from elsewhere.',
        tags: ['Operator page'],
        response: { 200: { description: 'The page.', content: { 'text/html': { schema: z.string() } } } },
      },
    },
    async (_request, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', page.csp)
        .header('cache-control', 'no-store')
        .header('x-content-type-options', 'nosniff')
        .send(page.html),
  );

  app.get(
    '/operator/status',
    {
      schema: {
        summary: 'The connector at a glance (what the operator page shows)',
        description:
          'Both connections (workspace, region, token state), the rate budget in use, the running and last fetch and ' +
          'activation runs with progress, writes to Intercom per hour, links into the Temporal UI. Read from Temporal ' +
          'alone: it answers with no worker up (then with what the workers last reported).',
        tags: ['Operator page'],
        security: OPERATOR_SECURITY,
        response: { 200: operatorStatusSchema, ...problemResponses(401) },
      },
    },
    () => operatorStatus(ctx),
  );

  app.post(
    '/operator/session',
    {
      schema: {
        summary: 'Sign in to the operator page',
        description:
          'Exchanges the operator token for a session cookie (HttpOnly, SameSite=Strict, 12 hours) that ' +
          'authenticates the page’s requests. Without API_TOKEN nothing needs signing in: 204 without a cookie.',
        tags: ['Operator page'],
        body: signInSchema,
        response: { 204: z.null().describe('Signed in.'), ...problemResponses(400, 401, 415) },
      },
    },
    async (request, reply) => {
      if (token === undefined) return reply.code(204).send(null);
      if (!constantTimeEqual(request.body.token, token)) throw new HttpProblem(401, 'that is not the operator token');
      const secure = request.protocol === 'https' ? '; Secure' : '';
      return reply
        .code(204)
        .header(
          'set-cookie',
          `${SESSION_COOKIE}=${sessionValue(token)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${SESSION_SECONDS}${secure}`,
        )
        .send(null);
    },
  );

  app.delete(
    '/operator/session',
    {
      schema: {
        summary: 'Sign out of the operator page',
        tags: ['Operator page'],
        response: { 204: z.null().describe('Signed out: the cookie is cleared.') },
      },
    },
    async (_request, reply) =>
      reply
        .code(204)
        .header('set-cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`)
        .send(null),
  );
}
