import { createHmac, randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { WorkflowFailedError } from '@temporalio/client';
import { z } from 'zod';
import { seal } from '../../config/sealed';
import { constantTimeEqual, type Secret } from '../../config/secret';
import { describeFailure } from '../../shared/failures';
import { workflowIds } from '../../shared/workflow-ids';
import { WORKFLOW_TYPES } from '../../shared/workflow-types';
import type { connectIntercomWorkflow } from '../../workflows';
import type { ApiContext } from '../context';
import { cookieValue, OPERATOR_SECURITY } from '../operator-auth';
import { signalConnections } from '../operator-status';
import { HttpProblem, problemResponses } from '../problem';
import type { Api } from '../types';

export const CALLBACK_PATH = '/auth/intercom/callback';
const STATE_COOKIE = 'hull_intercom_oauth_state';
/** How long an authorisation may take, from the redirect to Intercom to the callback. */
const STATE_SECONDS = 10 * 60;

const stateMac = (key: Secret, nonce: string, expires: number) =>
  createHmac('sha256', key.reveal()).update(`oauth-state\0${nonce}\0${expires}`).digest('base64url');

const callbackQuery = z.object({
  code: z.string().min(1).optional().describe('The authorisation code (Intercom: valid about 5 minutes, once).'),
  state: z.string().optional().describe('The state this engine sent; checked against its signature and cookie.'),
  error: z.string().optional().describe('Set instead of a code when the admin declined.'),
  error_description: z.string().optional(),
});

/**
 * Connecting Intercom with OAuth (a public app's install, as Hull's connector, Hevo and Ibexa do):
 * GET /auth/intercom sends the operator to Intercom's authorise page with a `state` that is signed,
 * expires, and is bound to the operator's browser by a cookie; Intercom sends the browser back to
 * the callback with a code, which the connect workflow exchanges (sealed on its way through
 * Temporal), verifies with GET /me and stores sealed (activities/connect-intercom.ts). The callback
 * answers with a redirect to the operator page.
 */
export function registerOAuthRoutes(app: Api, ctx: ApiContext): void {
  const configured = () => {
    if (ctx.oauth === undefined || ctx.oauth.connections === undefined) {
      throw new HttpProblem(
        404,
        'OAuth is not configured: set INTERCOM_CLIENT_ID, INTERCOM_CLIENT_SECRET, TOKEN_ENCRYPTION_KEY and the engine’s database (ACTIVATIONS_DATABASE_URL)',
      );
    }
    return ctx.oauth;
  };
  const redirectUri = (request: FastifyRequest) =>
    ctx.oauth?.redirectUrl ?? `${request.protocol}://${request.host}${CALLBACK_PATH}`;

  app.get(
    '/auth/intercom',
    {
      schema: {
        summary: 'Connect Intercom: to its authorise page',
        description:
          'Redirects to Intercom’s authorise page with the client id, the callback URL and a signed state that ' +
          'expires in 10 minutes, bound to this browser by a cookie.',
        tags: ['Operator page'],
        security: OPERATOR_SECURITY,
        response: { 302: z.null().describe('To Intercom’s authorise page.'), ...problemResponses(401, 404) },
      },
    },
    async (request, reply) => {
      const oauth = configured();
      const nonce = randomBytes(16).toString('base64url');
      const expires = Math.floor(Date.now() / 1000) + STATE_SECONDS;
      const target = new URL(oauth.authorizeUrl);
      target.searchParams.set('client_id', oauth.clientId);
      target.searchParams.set('redirect_uri', redirectUri(request));
      target.searchParams.set('state', `${nonce}.${expires}.${stateMac(oauth.encryptionKey, nonce, expires)}`);
      // Lax: the callback is a top-level navigation from Intercom's site, which Lax cookies accompany.
      const secure = request.protocol === 'https' ? '; Secure' : '';
      return reply
        .header(
          'set-cookie',
          `${STATE_COOKIE}=${nonce}; Path=/auth/intercom; HttpOnly; SameSite=Lax; Max-Age=${STATE_SECONDS}${secure}`,
        )
        .redirect(target.toString(), 302);
    },
  );

  app.get(
    CALLBACK_PATH,
    {
      schema: {
        summary: 'Connect Intercom: the callback',
        description:
          'Where Intercom sends the browser back. Checks the state, then exchanges the code, verifies the token ' +
          'with GET /me (learning the workspace and its region) and stores it encrypted; redirects to the operator ' +
          'page. 400 for a missing, altered, expired or foreign state, or a declined authorisation; 502 when ' +
          'Intercom refused the code.',
        tags: ['Operator page'],
        querystring: callbackQuery,
        response: { 303: z.null().describe('Connected: to the operator page.'), ...problemResponses(400, 404, 502) },
      },
    },
    async (request, reply) => {
      const oauth = configured();
      const { code, state, error, error_description: description } = request.query;
      if (error !== undefined) throw new HttpProblem(400, `Intercom did not authorise: ${description ?? error}`);
      const [nonce, expires, mac] = (state ?? '').split('.');
      const valid =
        nonce !== undefined &&
        mac !== undefined &&
        constantTimeEqual(mac, stateMac(oauth.encryptionKey, nonce, Number(expires))) &&
        Number(expires) > Date.now() / 1000 &&
        constantTimeEqual(cookieValue(request.headers.cookie, STATE_COOKIE), nonce);
      if (!valid) {
        throw new HttpProblem(
          400,
          'the state does not match this browser’s connection attempt (altered, expired, or started elsewhere): connect again from GET /auth/intercom',
        );
      }
      if (code === undefined) throw new HttpProblem(400, 'Intercom sent no code');
      let summary;
      try {
        summary = await ctx.temporal.workflow.execute<typeof connectIntercomWorkflow>(WORKFLOW_TYPES.connectIntercom, {
          workflowId: workflowIds.connectIntercom(ctx.connectorId, Date.now()),
          taskQueue: ctx.taskQueues.main,
          workflowExecutionTimeout: '2 minutes',
          args: [{ sealedCode: seal(oauth.encryptionKey, code) }],
        });
      } catch (failure) {
        if (!(failure instanceof WorkflowFailedError)) throw failure;
        throw new HttpProblem(502, `connecting Intercom failed: ${describeFailure(failure.cause ?? failure).reason}`);
      }
      oauth.connections?.forget();
      await signalConnections(ctx, {
        intercom: {
          ok: true,
          checkedAt: Date.now(),
          details: { workspaceId: summary.workspaceId, name: summary.workspaceName, region: summary.region },
        },
      });
      request.log.info(
        { workspaceId: summary.workspaceId, region: summary.region, apiUrl: summary.apiUrl },
        'Intercom connected through OAuth',
      );
      return reply
        .header('set-cookie', `${STATE_COOKIE}=; Path=/auth/intercom; HttpOnly; SameSite=Lax; Max-Age=0`)
        .redirect(`/?connected=${encodeURIComponent(summary.workspaceId)}`, 303);
    },
  );
}
