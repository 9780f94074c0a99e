/**
 * The intake routes' cheap refusals on the real API (buildOfflineApi: no Temporal needed for them):
 * refused signatures leave one warn line a minute, not one per request; the operator token's scheme
 * is case-insensitive; and the pure parts (depth walk, aggregation windows).
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { AggregatedWarnings, isJsonContentType, nestsDeeperThan } from '../../../src/api/intake';
import { bearerToken } from '../../../src/api/operator-auth';
import { createHmac } from 'node:crypto';
import { buildOfflineApi, OFFLINE_API_TOKEN, OFFLINE_CLIENT_SECRET, type OfflineApi } from '../../helpers/offline-api';

describe('intake refusals on the API', () => {
  let api: OfflineApi;
  const warnLines: string[] = [];

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
          warnLines.push(String((JSON.parse(line) as { msg: unknown }).msg));
        done();
      },
    });
    api = await buildOfflineApi({ log: pino({ level: 'warn' }, sink) });
  });

  afterAll(async () => {
    await api?.close();
  });

  it('logs one line for 50 webhooks with a bad signature, and one for 50 unsigned notifications', async () => {
    for (let i = 0; i < 50; i += 1) {
      const webhook = await api.app.inject({
        method: 'POST',
        url: '/webhooks/intercom',
        headers: { 'content-type': 'application/json', 'x-hub-signature': `sha1=${'0'.repeat(40)}` },
        payload: `{"attempt":${i}}`,
      });
      expect(webhook.statusCode).toBe(401);
      const notification = await api.app.inject({
        method: 'POST',
        url: '/hull/notifications',
        headers: { 'content-type': 'application/json' },
        payload: '{}',
      });
      expect(notification.statusCode).toBe(401);
    }
    expect(warnLines.filter((line) => line === 'webhook refused: bad signature')).toHaveLength(1);
    expect(warnLines.filter((line) => line.startsWith('Hull notification refused'))).toHaveLength(1);
  });

  it('answers a signed webhook 503 with Retry-After when Temporal is away, so Intercom sends it again', async () => {
    const raw = JSON.stringify({
      type: 'notification_event',
      id: 'notif_away',
      topic: 'user.created',
      app_id: 'app1',
      created_at: 1,
      data: { item: { type: 'contact', id: '65f000000000000000000009', role: 'user' } },
    });
    const answer = await api.app.inject({
      method: 'POST',
      url: '/webhooks/intercom',
      headers: {
        'content-type': 'application/json',
        'x-hub-signature': `sha1=${createHmac('sha1', OFFLINE_CLIENT_SECRET).update(raw).digest('hex')}`,
      },
      payload: raw,
    });
    expect(answer.statusCode).toBe(503);
    expect(answer.headers['retry-after']).toBe('5');
  });

  it.each(['Bearer', 'bearer', 'BEARER'])('takes the operator token with the scheme spelt %s', async (scheme) => {
    const answer = await api.app.inject({
      method: 'GET',
      url: '/failures',
      headers: { authorization: `${scheme} ${OFFLINE_API_TOKEN}` },
    });
    // Past authentication (the offline API then has no Temporal to ask: 503), not a 401.
    expect(answer.statusCode).not.toBe(401);
  });

  it('still refuses a wrong token or another scheme', async () => {
    for (const authorization of [`Basic ${OFFLINE_API_TOKEN}`, 'bearer wrong-token', `Bearer${OFFLINE_API_TOKEN}`]) {
      const answer = await api.app.inject({ method: 'GET', url: '/failures', headers: { authorization } });
      expect(answer.statusCode).toBe(401);
    }
  });
});

describe('intake helpers', () => {
  it('reads the bearer token of an Authorization header', () => {
    expect(bearerToken('bearer abc')).toBe('abc');
    expect(bearerToken('Bearer  abc ')).toBe('abc');
    expect(bearerToken('Bearer a b')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });

  it('tells JSON media types apart', () => {
    expect(isJsonContentType('application/json')).toBe(true);
    expect(isJsonContentType('Application/JSON; charset=utf-8')).toBe(true);
    expect(isJsonContentType('text/plain')).toBe(false);
    expect(isJsonContentType('application/jsonx')).toBe(false);
    expect(isJsonContentType(undefined)).toBe(false);
  });

  it('measures nesting without recursion, even 100,000 levels deep', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    expect(nestsDeeperThan(deep, 64)).toBe(true);
    expect(nestsDeeperThan({ a: { b: [{ c: 1 }] } }, 64)).toBe(false);
    expect(nestsDeeperThan({ a: { b: [{ c: 1 }] } }, 3)).toBe(true);
  });

  it('aggregates repeated warnings into one line per window and a count', async () => {
    const lines: Array<{ fields: Record<string, unknown>; message: string }> = [];
    const warnings = new AggregatedWarnings(
      { warn: (fields: Record<string, unknown>, message: string) => lines.push({ fields, message }) } as never,
      50,
    );
    for (let i = 0; i < 10; i += 1) warnings.warn('refused', { i }, 'refused');
    warnings.warn('other', {}, 'other kind');
    expect(lines.map((line) => line.message)).toEqual(['refused', 'other kind']);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(lines.at(-1)).toEqual({
      fields: { kind: 'refused', count: 9, windowSeconds: 0 },
      message: 'refused: 9 more in the last 0 s (one line per 0 s)',
    });
  });
});
