import type { FastifyInstance, FastifySchema, onRequestHookHandler } from 'fastify';
import { constantTimeEqual } from '../config/secret';
import { workflowIds } from '../shared/workflow-ids';
import type { ApiContext } from './context';
import { HttpProblem } from './problem';

/** The OpenAPI security scheme of the operator token (openapi.ts declares it: HTTP bearer). */
export const OPERATOR_SCHEME = 'operatorToken';

/** A route schema's `security` for operator routes: the declaration is also what protects the route. */
export const OPERATOR_SECURITY = [{ [OPERATOR_SCHEME]: [] }];

const declaresOperatorSecurity = (schema: FastifySchema | undefined): boolean =>
  schema?.security?.some((requirement) => OPERATOR_SCHEME in requirement) ?? false;

/**
 * Guards the operator endpoints (actions, runs, failures), which share the listener with the public
 * webhook and notification routes: with API_TOKEN set they need `Authorization: Bearer <token>`.
 * Configuration requires a token whenever a live engine listens beyond loopback. Every route whose
 * schema declares `security: OPERATOR_SECURITY` gets the check, before its body is even read, so
 * the OpenAPI document and the protection cannot disagree. Install it before registering routes.
 */
export function guardOperatorRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const expected = ctx.operatorToken?.reveal();
  const check: onRequestHookHandler = (request, _reply, done) => {
    if (expected === undefined || constantTimeEqual(bearerToken(request.headers.authorization), expected))
      return done();
    done(
      new HttpProblem(401, 'operator endpoints need Authorization: Bearer <API_TOKEN>', {
        headers: { 'www-authenticate': 'Bearer' },
      }),
    );
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
