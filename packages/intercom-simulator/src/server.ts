/**
 * The HTTP front of the simulator: a Fastify app whose hook pipeline mirrors what a client of the real API
 * goes through, in this order — injected faults (latency, dropped connection, 5xx, lost answer), bearer-token auth
 * (401), the 10-second rate-limit window (headers on every authenticated response, 429 when exceeded),
 * the `Intercom-Version` header (400 `intercom_version_invalid`), then the route. Every exchange is
 * logged, and optionally validated against the OpenAPI description.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { isControlPath } from '@hull-intercom-sync/simulator-kit';
import type { SimulatorContext } from './context';
import { IntercomHttpError, parameterInvalid, unauthorized } from './errors';
import type { FaultInjector } from './faults';
import type { RateLimiter } from './rate-limit';
import type { CompanyScrollRegistry } from './scroll';
import type { RequestRecord } from './options';
import { registerContactRoutes } from './routes/contacts';
import { registerContactRelationRoutes } from './routes/contact-relations';
import { registerCompanyRoutes } from './routes/companies';
import { registerTagRoutes } from './routes/tags';
import { registerDataAttributeRoutes } from './routes/data-attributes';
import { registerEventRoutes } from './routes/events';
import { registerMiscRoutes } from './routes/misc';
import { registerConversationTagRoutes } from './routes/conversation-tags';
import { registerConversationRoutes } from './routes/conversations';
import { OAUTH_PATHS, registerOAuthRoutes, type OAuthState } from './routes/oauth';

/** Values of the `intercom_version` enum of the 2.16 description. */
export const SUPPORTED_VERSIONS: readonly string[] = [
  '1.0', '1.1', '1.2', '1.3', '1.4',
  '2.0', '2.1', '2.2', '2.3', '2.4', '2.5', '2.6', '2.7', '2.8', '2.9', '2.10', '2.11', '2.12', '2.13', '2.14', '2.15', '2.16',
]; // prettier-ignore

export interface ServerDependencies {
  ctx: SimulatorContext;
  rateLimiter: RateLimiter;
  /** Read per request, so replacing the simulator's injector takes effect immediately. */
  faults: () => FaultInjector;
  scroll: CompanyScrollRegistry;
  requestLog: RequestRecord[];
  specViolations: string[];
  /** Codes and tokens of the OAuth flow (routes/oauth.ts). */
  oauth: OAuthState;
}

interface ExchangeState {
  at: number;
  requestId: string;
  /** Spec path template of the matched route, e.g. `/contacts/{contact_id}`. */
  route: string | null;
  /** The request is applied but its answer is lost (a `dropAnswerRate` fault). */
  dropAnswer?: boolean;
}

function specTemplate(request: FastifyRequest): string | null {
  const url = request.is404 ? undefined : request.routeOptions.url;
  return url === undefined ? null : url.replace(/:(\w+)/g, '{$1}');
}

function pathOf(request: FastifyRequest): string {
  return request.url.split('?')[0] ?? request.url;
}

function parseJson(payload: unknown): unknown {
  if (typeof payload !== 'string' || payload === '') return undefined;
  try {
    return JSON.parse(payload);
  } catch {
    return payload;
  }
}

export function buildServer(deps: ServerDependencies): FastifyInstance {
  const { ctx, rateLimiter, faults, scroll, requestLog, specViolations, oauth } = deps;
  const validator = ctx.options.specValidator;
  const exchanges = new WeakMap<FastifyRequest, ExchangeState>();
  // No automatic HEAD routes: Intercom answers methods it does not serve with 404.
  const app = Fastify({ logger: false, bodyLimit: 10 * 1024 * 1024, exposeHeadRoutes: false });

  // Any content type is read as JSON text: Intercom answers malformed JSON with 400 parameter_invalid.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    try {
      done(null, JSON.parse(text));
    } catch {
      done(parameterInvalid('The request body is not valid JSON'), undefined);
    }
  });

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    // The control endpoints drive the simulator; they are not traffic it simulates.
    if (isControlPath(request.url)) return;
    const state: ExchangeState = { at: ctx.nowMs(), requestId: randomUUID(), route: specTemplate(request) };
    exchanges.set(request, state);

    const injector = faults();
    const fault = injector.decide(request.method, pathOf(request));
    if (fault.latencyMs > 0) await injector.delay(fault.latencyMs);
    if (fault.drop) {
      requestLog.push({
        method: request.method,
        path: pathOf(request),
        route: state.route,
        query: {},
        body: undefined,
        status: 0,
        at: state.at,
      });
      reply.hijack();
      request.raw.socket.destroy();
      return;
    }
    if (fault.error) throw fault.error;
    state.dropAnswer = fault.dropAnswer;
    // The OAuth endpoints authenticate the app by its client credentials, not a bearer token.
    if (OAUTH_PATHS.includes(pathOf(request))) return;

    const authorization = request.headers.authorization ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(authorization);
    const token = match?.[1]?.trim();
    if (token === undefined || (token !== ctx.options.accessToken && !oauth.tokens.has(token))) throw unauthorized();

    if (fault.storm) {
      void reply.headers({ ...rateLimiter.exhaustedHeaders(fault.storm.untilMs) });
      throw rateLimiter.exceededError();
    }
    const decision = rateLimiter.consume();
    void reply.headers({ ...decision.headers });
    if (!decision.allowed) throw rateLimiter.exceededError();

    const version = request.headers['intercom-version'];
    if (version !== undefined && !SUPPORTED_VERSIONS.includes(String(version))) {
      throw new IntercomHttpError(
        400,
        'intercom_version_invalid',
        'The requested version could not be found',
        'Intercom-Version',
      );
    }
  });

  app.addHook('preHandler', (request: FastifyRequest, _reply: FastifyReply, done: () => void) => {
    const route = exchanges.get(request)?.route;
    if (validator && route) {
      const problems = validator.validateRequest(request.method, route, {
        query: request.query,
        body: request.body,
        headers: request.headers,
      });
      for (const problem of problems) specViolations.push(`${request.method} ${route} request: ${problem}`);
    }
    done();
  });

  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const exchange = exchanges.get(request);
    if (exchange?.dropAnswer === true) {
      // Applied, answer lost: the client sees the connection close as a request that timed out would.
      request.raw.socket.destroy();
      return payload;
    }
    const route = exchange?.route;
    if (validator && route) {
      const problems = validator.validateResponse(request.method, route, reply.statusCode, parseJson(payload));
      for (const problem of problems) {
        specViolations.push(`${request.method} ${route} response ${reply.statusCode}: ${problem}`);
      }
    }
    return payload;
  });

  app.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    if (isControlPath(request.url)) return;
    const state = exchanges.get(request);
    requestLog.push({
      method: request.method,
      path: pathOf(request),
      route: state?.route ?? null,
      query: { ...(request.query as Record<string, unknown>) },
      body: request.body,
      status: reply.statusCode,
      at: state?.at ?? ctx.nowMs(),
    });
  });

  app.setErrorHandler(async (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const requestId = exchanges.get(request)?.requestId ?? randomUUID();
    let failure: IntercomHttpError;
    if (error instanceof IntercomHttpError) failure = error;
    else if (typeof error === 'object' && error !== null && (error as { statusCode?: number }).statusCode === 400) {
      failure = parameterInvalid((error as Error).message);
    } else {
      failure = new IntercomHttpError(500, 'server_error', 'Server Error');
    }
    await reply.code(failure.status).headers(failure.headers).send(failure.toBody(requestId));
  });

  // Unknown paths and unsupported methods: Intercom answers 404 for both.
  app.setNotFoundHandler(async (request: FastifyRequest, reply: FastifyReply) => {
    const requestId = exchanges.get(request)?.requestId ?? randomUUID();
    await reply.code(404).send(new IntercomHttpError(404, 'not_found', 'Resource Not Found').toBody(requestId));
  });

  registerContactRoutes(app, ctx);
  registerContactRelationRoutes(app, ctx);
  registerCompanyRoutes(app, ctx, scroll);
  registerTagRoutes(app, ctx);
  registerDataAttributeRoutes(app, ctx);
  registerEventRoutes(app, ctx);
  registerMiscRoutes(app, ctx);
  registerConversationTagRoutes(app, ctx);
  registerConversationRoutes(app, ctx);
  registerOAuthRoutes(app, ctx, oauth);
  return app;
}
