import { createHmac } from 'node:crypto';
import type { FastifyInstance, FastifyRequest, FastifySchema, onRequestHookHandler } from 'fastify';
import { constantTimeEqual } from '../config/secret';
import { workflowIds } from '../shared/workflow-ids';
import type { ApiContext } from './context';
import { HttpProblem } from './problem';

/** The OpenAPI security scheme of the operator token (openapi.ts declares it: HTTP bearer). */
export const OPERATOR_SCHEME = 'operatorToken';

/** The OpenAPI security scheme of the operator page's session cookie (openapi.ts declares it). */
export const OPERATOR_SESSION_SCHEME = 'operatorSession';

/** The cookie the operator page's sign-in sets (POST /operator/session). */
export const SESSION_COOKIE = 'hull_intercom_operator';

/**
 * A route schema's `security` for operator routes: the declaration is also what protects the route.
 * Either the bearer token or the page's session cookie.
 */
export const OPERATOR_SECURITY: Array<Record<string, string[]>> = [
  { [OPERATOR_SCHEME]: [] },
  { [OPERATOR_SESSION_SCHEME]: [] },
];

const declaresOperatorSecurity = (schema: FastifySchema | undefined): boolean =>
  schema?.security?.some((requirement) => OPERATOR_SCHEME in requirement) ?? false;

/**
 * The session cookie's value for a token: an HMAC of it, so the cookie is not the token itself (a
 * leaked cookie does not reveal it) and every session ends when API_TOKEN changes.
 */
export const sessionValue = (token: string): string =>
  createHmac('sha256', token).update('hull-intercom-sync operator session v1').digest('base64url');

/** One cookie's value from a Cookie header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const separator = part.indexOf('=');
    if (separator > 0 && part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim();
  }
  return undefined;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A cookie comes with every request the browser makes to this host, whoever's page asked for it, so a
 * request authenticated by the cookie that changes something must come from this origin: browsers send
 * `Origin` on every such fetch and form post. (The cookie is also SameSite=Strict.)
 */
function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return false;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

/**
 * Guards the operator endpoints (actions, runs, failures, activations, the operator page), which share
 * the listener with the public webhook and notification routes: with API_TOKEN set they need
 * `Authorization: Bearer <token>`, or the operator page's session cookie (set by signing in with the
 * token; a request that changes something must then come from the page's own origin). Configuration
 * requires a token whenever a live engine listens beyond loopback. Every route whose schema declares
 * `security: OPERATOR_SECURITY` gets the check, before its body is even read, so the OpenAPI document
 * and the protection cannot disagree. Install it before registering routes.
 */
export function guardOperatorRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const token = ctx.operatorToken?.reveal();
  const session = token === undefined ? undefined : sessionValue(token);
  /** Undefined when the request may pass; otherwise why not. */
  const refusal = (request: FastifyRequest): string | undefined => {
    if (token === undefined || constantTimeEqual(bearerToken(request.headers.authorization), token)) return undefined;
    const cookie = cookieValue(request.headers.cookie, SESSION_COOKIE);
    if (cookie === undefined || !constantTimeEqual(cookie, session!)) {
      return 'operator endpoints need Authorization: Bearer <API_TOKEN>';
    }
    if (SAFE_METHODS.has(request.method) || sameOrigin(request)) return undefined;
    return 'a change the operator page’s session authenticates must come from the page itself (its Origin)';
  };
  const check: onRequestHookHandler = (request, _reply, done) => {
    const refused = refusal(request);
    if (refused === undefined) return done();
    done(new HttpProblem(401, refused, { headers: { 'www-authenticate': 'Bearer' } }));
  };
  app.addHook('onRoute', (route) => {
    if (!declaresOperatorSecurity(route.schema)) return;
    route.onRequest = [check, ...[route.onRequest ?? []].flat()];
  });
}

/** The credentials of `Authorization: Bearer <token>`; the scheme is case-insensitive (RFC 9110 §11.1). */
export function bearerToken(header: unknown): string | undefined {
  if (typeof header !== 'string') return undefined;
  return /^bearer +(\S+) *$/i.exec(header)?.[1];
}

/** Workflow ids this connector owns; operators cannot reach other tenants' runs through the API. */
export const ownsWorkflow = (ctx: ApiContext, workflowId: string): boolean =>
  workflowIds.ownedBy(ctx.connectorId, workflowId);
