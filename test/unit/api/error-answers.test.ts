/**
 * Every error answer of the API is RFC 9457 problem details (`application/problem+json` with type,
 * title, status, detail, instance): the handlers' own refusals, validation (with `errors`),
 * authentication, Fastify's own (malformed JSON, body too large, unsupported media type, bad URL,
 * not found, a request while stopping, unparsable HTTP), wrong methods (405 with Allow), Temporal not
 * answering (503) and a crash (500), which names the request id and never the cause.
 */
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { createHmac } from 'node:crypto';
import { listen } from '../../../src/api/listen';
import { NotificationAuthenticator } from '../../../src/hull/notification-auth';
import {
  buildOfflineApi,
  OFFLINE_API_TOKEN,
  OFFLINE_CONNECTOR_ID,
  OFFLINE_CLIENT_SECRET,
  operatorHeaders,
  type OfflineApi,
} from '../../helpers/offline-api';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
}

/** Fails unless the answer is problem details whose status is the HTTP status; returns the body. */
function expectProblem(answer: Answer, status: number, instance?: string): Record<string, unknown> {
  expect({ status: answer.status, type: answer.headers['content-type'] }).toEqual({
    status,
    type: expect.stringMatching(/^application\/problem\+json(;|$)/),
  });
  expect(answer.body).toMatchObject({
    type: 'about:blank',
    title: expect.any(String),
    status,
    detail: expect.any(String),
    ...(instance === undefined ? {} : { instance }),
  });
  return answer.body;
}

const sign = (raw: string) => `sha1=${createHmac('sha1', OFFLINE_CLIENT_SECRET).update(raw).digest('hex')}`;

describe('error answers', () => {
  let api: OfflineApi;
  const logLines: Array<Record<string, unknown>> = [];
  let releaseSlow: () => void = () => undefined;
  let slowStarted!: Promise<void>;
  let markSlowStarted: () => void = () => undefined;
  let stopStarted!: Promise<void>;

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
          logLines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    api = await buildOfflineApi({
      log: pino({ level: 'warn' }, sink),
      beforeReady(app) {
        // Test-only routes on the real API: a crash whose message names a secret, and a slow answer.
        app.get('/test/crash', () => {
          throw new Error(`database password hunter2, token ${OFFLINE_API_TOKEN}`);
        });
        slowStarted = new Promise((resolve) => (markSlowStarted = resolve));
        stopStarted = new Promise((resolve) =>
          app.addHook('preClose', (done) => {
            resolve();
            done();
          }),
        );
        app.get('/test/slow', () => {
          markSlowStarted();
          return new Promise<string>((resolve) => (releaseSlow = () => resolve('done')));
        });
      },
    });
  });

  afterAll(async () => {
    await api?.close();
  });

  async function ask(
    method: 'GET' | 'POST' | 'DELETE' | 'PUT',
    url: string,
    options: { body?: string | Buffer; headers?: Record<string, string> } = {},
  ): Promise<Answer> {
    const response = await api.app.inject({ method, url, payload: options.body, headers: options.headers });
    return { status: response.statusCode, headers: response.headers as Answer['headers'], body: response.json() };
  }

  it('404 for an unknown path', async () => {
    const body = expectProblem(await ask('GET', '/nope?x=1'), 404, '/nope');
    expect(body.detail).toBe('no route GET /nope (GET /docs lists every route)');
    expectProblem(await ask('GET', '/docs/static/no-such-asset.js'), 404);
  });

  it('405 with Allow for a wrong method on a known path', async () => {
    const health = await ask('POST', '/health');
    expect(expectProblem(health, 405, '/health').detail).toBe('POST is not allowed on /health: use GET or HEAD');
    expect(health.headers.allow).toBe('GET, HEAD');
    const run = await ask('DELETE', '/runs/hull-intercom/x/fetch-all/users', { headers: operatorHeaders });
    expectProblem(run, 405);
    expect(run.headers.allow).toBe('GET, HEAD');
    expect((await ask('GET', '/failures/retry')).headers.allow).toBe('POST');
  });

  it('401 on operator routes without the token, before the body is even read', async () => {
    const answer = await ask('GET', '/failures');
    expect(expectProblem(answer, 401, '/failures').detail).toBe(
      'operator endpoints need Authorization: Bearer <API_TOKEN>',
    );
    expect(answer.headers['www-authenticate']).toBe('Bearer');
    const wrong = await ask('POST', '/failures/retry', {
      body: '{broken',
      headers: { 'content-type': 'application/json', authorization: 'Bearer guessed' },
    });
    expectProblem(wrong, 401);
  });

  it('400 for malformed JSON, 413 for a body over the limit, 415 for a media type no route takes', async () => {
    const json = { 'content-type': 'application/json', ...operatorHeaders };
    const malformed = await ask('POST', '/failures/retry', { body: '{"workflowId": ', headers: json });
    expect(expectProblem(malformed, 400, '/failures/retry').detail).toMatch(/not valid JSON/);
    const huge = await ask('POST', '/failures/retry', {
      body: `{"workflowId":"${'x'.repeat(1_100_000)}"}`,
      headers: json,
    });
    expect(expectProblem(huge, 413).detail).toBe("the body is larger than this route's limit of 1048576 bytes");
    const xml = await ask('POST', '/failures/retry', {
      body: '<retry/>',
      headers: { 'content-type': 'application/xml', ...operatorHeaders },
    });
    expect(expectProblem(xml, 415).detail).toBe('this route does not take application/xml; send application/json');
  });

  it('400 with every problem under `errors` when validation fails (body, query, path)', async () => {
    const body = await ask('POST', '/failures/retry', {
      body: JSON.stringify({ workflowId: 42, extra: true }),
      headers: { 'content-type': 'application/json', ...operatorHeaders },
    });
    expect(expectProblem(body, 400).errors).toEqual([
      { path: 'body.workflowId', message: 'Invalid input: expected string, received number' },
      { path: 'body', message: 'Unrecognized key: "extra"' },
    ]);
    const query = await ask('GET', '/failures?include=everything', { headers: operatorHeaders });
    expect(expectProblem(query, 400).errors).toEqual([
      { path: 'querystring.include', message: 'Invalid input: expected "payload"' },
    ]);
    const params = await ask('POST', '/actions/fetch-all/visitors', { headers: operatorHeaders });
    expect(expectProblem(params, 400).detail).toBe(
      'params.entity: unknown entity "visitors": expected users, leads or companies',
    );
  });

  it('400 for a URL Fastify cannot decode', async () => {
    expectProblem(await ask('GET', '/runs/%zz'), 400);
  });

  it('webhooks: 401 for a bad signature whatever the body, then 400 for bytes that are not a notification', async () => {
    const headers = (raw: string, signature = sign(raw)) => ({
      'content-type': 'application/json',
      'x-hub-signature': signature,
    });
    expectProblem(
      await ask('POST', '/webhooks/intercom', { body: '{nope', headers: headers('{nope', 'sha1=00') }),
      401,
    );
    expectProblem(
      await ask('POST', '/webhooks/intercom', { body: '{}', headers: { 'content-type': 'application/json' } }),
      401,
    );
    const malformed = await ask('POST', '/webhooks/intercom', { body: '{nope', headers: headers('{nope') });
    expect(expectProblem(malformed, 400).detail).toMatch(/^the body is not valid JSON/);
    expect(JSON.stringify(malformed.body)).not.toContain('nope');
    const raw = JSON.stringify({ type: 'notification_event', topic: 'user.created', created_at: 1, data: {} });
    const invalid = await ask('POST', '/webhooks/intercom', { body: raw, headers: headers(raw) });
    expect(expectProblem(invalid, 400).errors).toEqual([
      { path: 'body.id', message: 'Invalid input: expected string, received undefined' },
      { path: 'body.data.item', message: 'data.item must be an object' },
    ]);
  });

  it('Hull notifications: 401 with Hull’s code when not signed (before the body), 400 for an envelope that is not one', async () => {
    const json = { 'content-type': 'application/json' };
    const unsigned = await ask('POST', '/hull/notifications', { body: '{"channel":"user:update"}', headers: json });
    expect(expectProblem(unsigned, 401)).toMatchObject({ code: 'MISSING_SIGNATURE_HEADERS' });
    // Signatures off (the development switch): the body is read, validated, then the credentials checked.
    const unsignedApi = await buildOfflineApi({
      context: {
        notificationAuth: new NotificationAuthenticator({
          connectorId: OFFLINE_CONNECTOR_ID,
          organization: 'offline.hullapp.io',
          secret: () => 'connector-secret',
          skipSignature: true,
        }),
      },
    });
    try {
      const post = async (body: string) => {
        const response = await unsignedApi.app.inject({
          method: 'POST',
          url: '/hull/notifications',
          payload: body,
          headers: json,
        });
        return {
          status: response.statusCode,
          headers: response.headers as Answer['headers'],
          body: response.json<Record<string, unknown>>(),
        };
      };
      const invalid = await post('{"channel":"user:update"}');
      expect(expectProblem(invalid, 400).errors).toEqual(
        expect.arrayContaining([
          { path: 'body.notification_id', message: 'Invalid input: expected string, received undefined' },
        ]),
      );
      const envelope = {
        notification_id: 'n-1',
        configuration: { id: 'x', organization: 'offline.hullapp.io', secret: 'guessed' },
        channel: 'user:update',
        connector: { id: 'x', private_settings: {} },
        segments: [],
        messages: [],
      };
      const refused = await post(JSON.stringify(envelope));
      expect(expectProblem(refused, 401)).toMatchObject({ code: 'INVALID_CONFIGURATION' });
      expect(JSON.stringify(refused.body)).not.toContain('guessed');
    } finally {
      await unsignedApi.close();
    }
  });

  it('503 when Temporal does not answer, naming neither the address nor the gRPC error', async () => {
    const failures = await ask('GET', '/failures', { headers: operatorHeaders });
    expect(expectProblem(failures, 503).detail).toBe('Temporal does not answer; try again shortly');
    expect(failures.headers['retry-after']).toBe('5');
    expect(JSON.stringify(failures.body)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|UNAVAILABLE/);
    expect(logLines).toContainEqual(expect.objectContaining({ msg: 'Temporal did not answer', url: '/failures' }));
    expectProblem(await ask('GET', '/health'), 503, '/health');
  });

  it('500 for a crash: the request id, never the message; the log has the cause', async () => {
    const crash = await ask('GET', '/test/crash');
    const body = expectProblem(crash, 500, '/test/crash');
    expect(body.detail).toBe(
      `the request could not be completed; the log has the cause under request id ${String(body.requestId)}`,
    );
    expect(JSON.stringify(body)).not.toMatch(/hunter2|database|operator-token/);
    expect(logLines).toContainEqual(
      expect.objectContaining({
        reqId: body.requestId,
        msg: 'request failed',
        err: expect.objectContaining({ message: expect.stringContaining('hunter2') }),
      }),
    );
  });

  it('400 for bytes that are not HTTP, and 503 for a request that arrives while the API stops', async () => {
    const base = new URL((await listen(api.app, '127.0.0.1', 0)).url);
    const exchange = (bytes: string, until: (received: string) => boolean) =>
      new Promise<string>((resolve, reject) => {
        let received = '';
        const socket = connect(Number(base.port), base.hostname, () => socket.write(bytes));
        socket.on('data', (chunk) => {
          received += chunk.toString('utf8');
          if (until(received)) resolve(received);
        });
        socket.on('close', () => resolve(received));
        socket.on('error', reject);
      });
    const garbage = await exchange('NOT HTTP AT ALL\r\n\r\n', () => false);
    expect(garbage).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(garbage).toContain('Content-Type: application/problem+json');
    expect(JSON.parse(garbage.slice(garbage.indexOf('\r\n\r\n') + 4))).toEqual({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'the request is not valid HTTP',
    });

    // A keep-alive connection busy when the stop begins, which then sends another request.
    const socket = connect(Number(base.port), base.hostname);
    let received = '';
    const firstAnswered = new Promise<void>((resolve) =>
      socket.on('data', (chunk) => {
        received += chunk.toString('utf8');
        if (received.endsWith('\r\n\r\ndone')) resolve();
      }),
    );
    const socketClosed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.write('GET /test/slow HTTP/1.1\r\nHost: x\r\n\r\n');
    await slowStarted;
    const closed = api.app.close();
    await stopStarted;
    releaseSlow();
    await firstAnswered;
    const [first] = received.split(/(?=HTTP\/1\.1 )/);
    expect(first).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
    await socketClosed;
    await closed;
    const second = received.slice(first!.length);
    expect(second).toMatch(/^HTTP\/1\.1 503 Service Unavailable\r\n/);
    expect(second).toMatch(/\r\n[Cc]onnection: close\r\n/);
    const problem = JSON.parse(second.slice(second.indexOf('\r\n\r\n') + 4)) as Record<string, unknown>;
    expect(problem).toMatchObject({ status: 503, instance: '/health', detail: expect.stringMatching(/stopping/) });
  });
});
