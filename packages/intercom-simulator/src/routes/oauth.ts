/**
 * Intercom's OAuth authorisation-code flow, as a public app's install goes: the authorise page
 * (`GET /oauth`, on app.intercom.com in reality; here the workspace's admin approves at once and the
 * browser is redirected back with a code and the state), and the code's exchange for an access token
 * (`POST /auth/eagle/token`, form or JSON: code, client_id, client_secret → `{token, access_token,
 * token_type}`). A code is single use and expires after 5 minutes; a token is accepted by every route
 * until revoked (`POST /_simulator/oauth/revoke`, or the simulator's `revokeOAuthTokens()`). Neither
 * endpoint is in the REST API's OpenAPI description, and neither takes a bearer token.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { SimulatorContext } from '../context';
import { IntercomHttpError } from '../errors';

export const OAUTH_PATHS = ['/oauth', '/auth/eagle/token'];

const CODE_LIFETIME_MS = 5 * 60_000;

export interface OAuthState {
  codes: Map<string, { clientId: string; redirectUri: string; expiresAt: number }>;
  tokens: Set<string>;
}

export const newOAuthState = (): OAuthState => ({ codes: new Map(), tokens: new Set() });

export function registerOAuthRoutes(app: FastifyInstance, ctx: SimulatorContext, oauth: OAuthState): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );

  app.get<{ Querystring: Record<string, string | undefined> }>('/oauth', (request, reply) => {
    const { client_id: clientId, redirect_uri: redirectUri, state } = request.query;
    if (clientId !== ctx.options.clientId) {
      return reply
        .code(400)
        .type('text/plain')
        .send(`unknown client_id ${clientId ?? '(none)'}`);
    }
    if (redirectUri === undefined || !/^https?:\/\//.test(redirectUri)) {
      return reply.code(400).type('text/plain').send('redirect_uri must be an absolute URL');
    }
    const code = randomBytes(12).toString('hex');
    oauth.codes.set(code, { clientId, redirectUri, expiresAt: ctx.nowMs() + CODE_LIFETIME_MS });
    const target = new URL(redirectUri);
    target.searchParams.set('code', code);
    if (state !== undefined) target.searchParams.set('state', state);
    return reply.redirect(target.toString(), 302);
  });

  app.post<{ Body: Record<string, unknown> | undefined }>('/auth/eagle/token', (request) => {
    const body = request.body ?? {};
    const code = typeof body.code === 'string' ? body.code : undefined;
    if (body.client_id !== ctx.options.clientId || body.client_secret !== ctx.options.clientSecret) {
      throw new IntercomHttpError(401, 'unauthorized', 'client_id or client_secret is not valid');
    }
    const issued = code === undefined ? undefined : oauth.codes.get(code);
    if (code === undefined || issued === undefined || issued.expiresAt < ctx.nowMs()) {
      throw new IntercomHttpError(400, 'invalid_grant', 'the code is unknown, used or expired');
    }
    oauth.codes.delete(code);
    const token = `oauth-${randomBytes(16).toString('hex')}`;
    oauth.tokens.add(token);
    return { token, access_token: token, token_type: 'Bearer' };
  });
}
