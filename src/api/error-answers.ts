/**
 * Every error answer of the API in one place, all as problem details (problem.ts): what handlers
 * throw (`HttpProblem`), failed validation (400 with `errors`), Fastify's own refusals (malformed
 * JSON, body too large, unsupported media type, a bad URL, a request arriving while the API stops),
 * unknown paths (404), wrong methods on known ones (405 with `Allow`), Temporal not answering (503).
 * A 5xx never carries the error's message, which may name internals: the log has it, under the
 * request id the answer gives.
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { ServiceError } from '@temporalio/client';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { formatPath } from '../config/issues';
import { HttpProblem, PROBLEM_CONTENT_TYPE, problemDocument, type FieldError, type ProblemExtensions } from './problem';

const pathOf = (url: string): string => url.split('?', 1)[0] ?? url;

/** Sends one problem; a string body with a JSON content type is sent as is, whatever the route's schemas. */
export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  detail: string,
  options: { type?: string; title?: string; extensions?: ProblemExtensions; headers?: Record<string, string> } = {},
): FastifyReply {
  for (const [name, value] of Object.entries(options.headers ?? {})) void reply.header(name, value);
  const problem = problemDocument(status, detail, pathOf(request.url), options);
  return reply.code(status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}

/** `body.messages[0].user` from Fastify's `validationContext` and a JSON pointer (`/messages/0/user`). */
function fieldPath(context: string | undefined, instancePath: string): string {
  const segments = instancePath
    .split('/')
    .slice(1)
    .filter((segment) => segment !== '')
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment.replace(/~1/g, '/').replace(/~0/g, '~')));
  return formatPath(context ?? 'request', segments);
}

function fieldErrors(error: FastifyError): FieldError[] {
  return (error.validation ?? []).map((issue) => ({
    path: fieldPath(error.validationContext, issue.instancePath),
    message: issue.message ?? 'is invalid',
  }));
}

/** A clearer detail than Fastify's message for the refusals a client can fix. */
function clientErrorDetail(error: FastifyError, request: FastifyRequest): string {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return `this route does not take ${request.headers['content-type'] ?? 'a body without Content-Type'}; send application/json`;
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return `the body is larger than this route's limit of ${request.routeOptions.bodyLimit ?? 'its'} bytes`;
    default:
      return error.message;
  }
}

/** gRPC UNAVAILABLE (14) or DEADLINE_EXCEEDED (4) from Temporal: down, restarting or unreachable. */
function isTemporalUnavailable(error: unknown): boolean {
  const code = error instanceof ServiceError ? (error.cause as { code?: unknown } | undefined)?.code : undefined;
  return code === 14 || code === 4;
}

/** The answer to any error: a client's mistake with its reason, or a 500 that names only the request id. */
export function answerError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof HttpProblem) return sendProblem(request, reply, error.status, error.detail, error.options);
  const fastifyError = error as FastifyError;
  if (Array.isArray(fastifyError.validation)) {
    const errors = fieldErrors(fastifyError);
    const detail = errors.map((e) => `${e.path}: ${e.message}`).join('; ');
    return sendProblem(request, reply, 400, detail, { extensions: { errors } });
  }
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // A body over the limit is refused before (or while) it is read: the rest of it is not read either.
    const headers = status === 413 ? { connection: 'close' } : undefined;
    return sendProblem(request, reply, status, clientErrorDetail(fastifyError, request), { headers });
  }
  if (isTemporalUnavailable(error)) {
    request.log.warn({ err: error, method: request.method, url: pathOf(request.url) }, 'Temporal did not answer');
    return sendProblem(request, reply, 503, 'Temporal does not answer; try again shortly', {
      headers: { 'retry-after': '5' },
    });
  }
  request.log.error({ err: error, method: request.method, url: pathOf(request.url) }, 'request failed');
  return sendProblem(
    request,
    reply,
    500,
    `the request could not be completed; the log has the cause under request id ${request.id}`,
    { extensions: { requestId: request.id } },
  );
}

/** Fastify's options that route its own early refusals (bad URL, raw client errors) to problem details. */
export const problemServerOptions = {
  frameworkErrors: (error, request, reply) => void answerError(error, request, reply),
  clientErrorHandler: answerClientError,
  // Replaced by the onRequest hook below, which answers the same 503 as a problem.
  return503OnClosing: false,
} satisfies FastifyServerOptions;

/**
 * A request Node could not even parse (bad HTTP, headers too large, a timeout): there is no request
 * object to answer through, so the problem is written to the socket, as Fastify's default does.
 */
function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const status = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const detail =
    status === 408
      ? 'the request did not arrive in time'
      : status === 431
        ? 'the request headers are larger than the server accepts'
        : 'the request is not valid HTTP';
  const body = JSON.stringify(problemDocument(status, detail, undefined));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Content-Type: ${PROBLEM_CONTENT_TYPE}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/** The routes registered on each app, for the `Allow` header of a 405 (and for tests of the document). */
const routeTables = new WeakMap<FastifyInstance, Array<{ method: string; url: string }>>();

export const registeredRoutes = (app: FastifyInstance): ReadonlyArray<{ method: string; url: string }> =>
  routeTables.get(app) ?? [];

/**
 * Installs the error and not-found handlers and the closing hook. Call it before registering any
 * route or plugin: Fastify gives each plugin the handlers in place when it is registered.
 */
export function installErrorAnswers(app: FastifyInstance): void {
  const routes: Array<{ method: string; url: string }> = [];
  routeTables.set(app, routes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
  });

  app.setErrorHandler((error, request, reply) => answerError(error, request, reply));

  app.setNotFoundHandler((request, reply) => {
    const path = pathOf(request.url);
    const methods = [...new Set(routes.map((route) => route.method))];
    const allowed = methods.filter((method) => app.findRoute({ method, url: path }) !== null);
    // A route that matched this method and found nothing (e.g. a missing static asset) is a plain 404.
    if (allowed.length > 0 && !allowed.includes(request.method)) {
      return sendProblem(
        request,
        reply,
        405,
        `${request.method} is not allowed on ${path}: use ${allowed.join(' or ')}`,
        {
          headers: { allow: allowed.join(', ') },
        },
      );
    }
    return sendProblem(request, reply, 404, `no route ${request.method} ${path} (GET /docs lists every route)`);
  });

  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  app.addHook('onRequest', async (request, reply) => {
    if (!closing) return;
    return sendProblem(
      request,
      reply,
      503,
      'the API is stopping; send the request again later or to another instance',
      {
        headers: { connection: 'close' },
      },
    );
  });
}
