/**
 * The REST API connectors use, under `/api/v1`, every route behind the connector's credentials (auth.ts)
 * (401 otherwise). The API is flat: `GET /api/v1/<id>` serves the connector, a segment, a
 * user or an account; unknown ids are 404.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { credentialProblem } from './auth';
import { attributeCatalogue } from './catalogue';
import type { ConnectorState } from './connector';
import { eventSearchHit } from './events';
import { SearchError, search, type SearchContext } from './search';
import type { HullState } from './state';
import { accountReport, userReport } from './views';

export interface RestDeps {
  state: HullState;
  connector: ConnectorState;
  /** The connector's settings were saved: the platform announces it with ship:update. */
  onSettingsChanged(): void;
}

type IdParams = { Params: { id: string } };

const notFound = (reply: FastifyReply, what: string): FastifyReply =>
  reply.code(404).send({ status: 404, message: `${what} not found` });

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function userReports(state: HullState): Array<Record<string, unknown>> {
  return [...state.store.users.values()].map((user) => userReport(user, state.store.accountOf(user)));
}

function accountReports(state: HullState): Array<Record<string, unknown>> {
  return [...state.store.accounts.values()].map(accountReport);
}

function runSearch(
  reply: FastifyReply,
  hits: Array<Record<string, unknown>>,
  body: unknown,
  context?: SearchContext,
): FastifyReply {
  try {
    return reply.send(search(hits, isObject(body) ? body : {}, context));
  } catch (error) {
    if (error instanceof SearchError) return reply.code(400).send({ status: 400, message: error.message });
    throw error;
  }
}

function registerConnectorRoutes(app: FastifyInstance, deps: RestDeps): void {
  const { state, connector } = deps;
  const isConnector = (id: string): boolean => id === 'app' || id === connector.id;

  app.put<IdParams>('/api/v1/:id', (request, reply) => {
    if (!isConnector(request.params.id)) return notFound(reply, 'connector');
    const body: unknown = request.body;
    if (!isObject(body) || (body.private_settings !== undefined && !isObject(body.private_settings))) {
      return reply.code(400).send({ status: 400, message: 'body must be {private_settings: {...}}' });
    }
    if (isObject(body.private_settings)) {
      connector.replacePrivateSettings(body.private_settings, state.nowIso());
      deps.onSettingsChanged();
    }
    return reply.send(connector.document());
  });

  app.put<IdParams>('/api/v1/:id/status', (request, reply) => {
    if (!isConnector(request.params.id)) return notFound(reply, 'connector');
    const body: unknown = request.body;
    if (!isObject(body) || typeof body.status !== 'string') {
      return reply.code(400).send({ status: 400, message: 'body must be {status, messages}' });
    }
    const messages = Array.isArray(body.messages) ? body.messages.map(String) : [];
    connector.setStatus({ status: body.status, messages }, state.nowIso());
    return reply.send(connector.status);
  });
}

function registerSearchRoutes(app: FastifyInstance, { state }: RestDeps): void {
  app.get('/api/v1/search/user_reports/bootstrap', () => attributeCatalogue(userReports(state)));
  app.get('/api/v1/search/account_reports/bootstrap', () => attributeCatalogue(accountReports(state)));
  app.post('/api/v1/search/user_reports', (request, reply) => runSearch(reply, userReports(state), request.body));
  app.post('/api/v1/search/account_reports', (request, reply) => runSearch(reply, accountReports(state), request.body));
  app.post('/api/v1/search/events', (request, reply) => {
    const { store } = state;
    const hits = store.allEvents().map((event) => ({ ...eventSearchHit(event), user_id: event.user_id }));
    const body = { sort: { created_at: 'desc' }, ...(isObject(request.body) ? request.body : {}) };
    return runSearch(reply, hits, body, {
      parent: (hit) => {
        const user = store.users.get(String(hit.user_id));
        return user === undefined ? undefined : userReport(user, store.accountOf(user));
      },
    });
  });
}

function registerLookupRoutes(app: FastifyInstance, { state, connector }: RestDeps): void {
  const { store, segments } = state;
  app.get('/api/v1/users_segments', () => segments.list('users_segment'));
  app.get('/api/v1/accounts_segments', () => segments.list('accounts_segment'));

  app.get<IdParams>('/api/v1/:id', (request, reply) => {
    const { id } = request.params;
    if (id === 'app' || id === connector.id) return reply.send(connector.document());
    const segment = segments.get(id);
    if (segment !== undefined) return reply.send(segment);
    const user = store.users.get(id);
    if (user !== undefined) return reply.send(userReport(user, store.accountOf(user)));
    const account = store.accounts.get(id);
    if (account !== undefined) return reply.send(accountReport(account));
    return notFound(reply, `object ${id}`);
  });

  app.get<IdParams>('/api/v1/:id/segments', (request, reply) => {
    const entity = store.accounts.get(request.params.id) ?? store.users.get(request.params.id);
    if (entity === undefined) return notFound(reply, `object ${request.params.id}`);
    return reply.send(segments.byIds(entity.segment_ids));
  });
}

export function registerRestRoutes(app: FastifyInstance, deps: RestDeps): void {
  void app.register((scope, _options, done) => {
    scope.addHook('preHandler', (request: FastifyRequest, reply: FastifyReply, next) => {
      deps.state.counters.restRequests += 1;
      const problem = credentialProblem(request, deps.connector, deps.state.now() / 1000);
      if (problem === undefined) return next();
      void reply.code(401).send({ status: 401, message: problem });
    });
    registerConnectorRoutes(scope, deps);
    registerSearchRoutes(scope, deps);
    registerLookupRoutes(scope, deps);
    done();
  });
}
