/**
 * The simulator's HTTP surface: firehose, REST, the notifier's public key, plus the cross-cutting
 * request log and fault injection. Faults are decided before routing reaches a handler, so an
 * injected 5xx never ingests anything and a retry can succeed cleanly; faulted requests
 * show in the request log only.
 */
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { isControlPath } from '@hull-intercom-sync/simulator-kit';
import type { FaultInjector } from './faults';
import { registerFirehoseRoutes, type FirehoseDeps } from './firehose';
import { registerRestRoutes, type RestDeps } from './rest';
import { platformKeys } from './signing';
import type { RequestLogEntry, RequestTarget } from './types';

export const PUBLIC_KEY_PATH = '/api/v1/notifier/public-key';

/** Notifications may be large; the firehose has no documented limit. */
const BODY_LIMIT_BYTES = 50 * 1024 * 1024;

export interface ServerDeps extends FirehoseDeps, RestDeps {
  faults: FaultInjector;
  requestLog: RequestLogEntry[];
  nowIso(): string;
}

function pathOf(request: FastifyRequest): string {
  return request.url.split('?')[0] ?? request.url;
}

function targetOf(method: string, path: string): RequestTarget {
  if (path === PUBLIC_KEY_PATH) return 'public-key';
  if (path === '/api/v1/firehose' || (method === 'POST' && path === '/')) return 'firehose';
  return 'rest';
}

export function buildServer(deps: ServerDeps): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: BODY_LIMIT_BYTES });
  // Connectors POST the raw signature string to the key URL, whatever content type they pick.
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.addHook('onResponse', (request, reply, done) => {
    // The control endpoints drive the simulator; they are not traffic it simulates.
    if (isControlPath(request.url)) return done();
    const path = pathOf(request);
    deps.requestLog.push({
      method: request.method,
      path,
      status: reply.statusCode,
      target: targetOf(request.method, path),
      at: deps.nowIso(),
    });
    done();
  });

  app.addHook('onRequest', async (request, reply) => {
    const path = pathOf(request);
    const target = targetOf(request.method, path);
    if (target === 'public-key' || isControlPath(request.url)) return;
    const fault = deps.faults.decide(target, request.method, path);
    if (fault.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
    if (fault.status !== undefined) {
      return reply.code(fault.status).send({ status: fault.status, message: 'injected fault' });
    }
  });

  const servePublicKey = (): string => platformKeys().publicKeyPem;
  app.post(PUBLIC_KEY_PATH, servePublicKey);
  app.get(PUBLIC_KEY_PATH, servePublicKey);

  registerFirehoseRoutes(app, deps);
  registerRestRoutes(app, deps);
  return app;
}
