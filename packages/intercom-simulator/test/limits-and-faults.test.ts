/** Auth, version header, the 10-second rate-limit windows, and every injected fault type. */
import type { IntercomSimulator } from '../src';
import { clientFor, errorOf, startSimulator, str, type Client, type ManualClock } from './support';

let sim: IntercomSimulator;
let client: Client;
let clock: ManualClock;

afterEach(() => sim.stop());

describe('authentication and versions', () => {
  beforeEach(async () => {
    ({ sim, client, clock } = await startSimulator({ accessToken: 'secret-token' }));
  });

  it('rejects a missing or wrong bearer token with 401 and no rate-limit headers', async () => {
    const wrong = await clientFor(sim.url, 'other').get('/me');
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({
      type: 'error.list',
      errors: [{ code: 'unauthorized', message: 'Access Token Invalid' }],
    });
    expect(wrong.headers.get('x-ratelimit-limit')).toBeNull();
    const missing = await fetch(`${sim.url}/me`);
    expect(missing.status).toBe(401);
    expect((await clientFor(sim.url, 'secret-token').get('/me')).status).toBe(200);
  });

  it('accepts spec versions and refuses others with intercom_version_invalid', async () => {
    const ok = clientFor(sim.url, 'secret-token');
    expect((await ok.call('GET', '/me', undefined, { 'Intercom-Version': '2.11' })).status).toBe(200);
    const bad = await ok.call('GET', '/me', undefined, { 'Intercom-Version': '3.0' });
    expect(bad.status).toBe(400);
    expect(errorOf(bad)?.code).toBe('intercom_version_invalid');
  });
});

describe('rate limiting', () => {
  beforeEach(async () => {
    // 60/min => 10 calls per aligned 10-second window. Start 2 s into a window.
    ({ sim, client, clock } = await startSimulator({ rateLimitPerMinute: 60 }, Date.UTC(2024, 0, 1, 0, 0, 2)));
  });

  it('reports the window on every response, answers 429 when it is spent, and recovers at the reset', async () => {
    const windowEnd = Date.UTC(2024, 0, 1, 0, 0, 10) / 1000;
    for (let i = 1; i <= 10; i += 1) {
      const res = await client.get('/me');
      expect(res.status).toBe(200);
      expect(res.headers.get('x-ratelimit-limit')).toBe('10');
      expect(res.headers.get('x-ratelimit-remaining')).toBe(String(10 - i));
      expect(res.headers.get('x-ratelimit-reset')).toBe(String(windowEnd));
    }
    const limited = await client.get('/contacts');
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({
      type: 'error.list',
      errors: [{ code: 'rate_limit_exceeded', message: 'Exceeded rate limit of 10 in 10_seconds' }],
    });
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(limited.headers.get('x-ratelimit-reset')).toBe(String(windowEnd));

    clock.now = windowEnd * 1000; // the next window starts
    const recovered = await client.get('/me');
    expect(recovered.status).toBe(200);
    expect(recovered.headers.get('x-ratelimit-remaining')).toBe('9');
    expect(recovered.headers.get('x-ratelimit-reset')).toBe(String(windowEnd + 10));
  });
});

describe('faults', () => {
  beforeEach(async () => {
    ({ sim, client, clock } = await startSimulator());
  });

  it('errorRate answers 5xx with Intercom error bodies, only on matching requests', async () => {
    sim.faults.set({ errorRate: 1, match: { method: 'GET', path: /^\/contacts/ } });
    const statuses = new Set<number>();
    for (let i = 0; i < 12; i += 1) {
      const res = await client.get('/contacts');
      statuses.add(res.status);
      expect(['server_error', 'service_unavailable']).toContain(errorOf(res)?.code);
    }
    expect([...statuses].every((s) => [500, 502, 503].includes(s))).toBe(true);
    expect(statuses.size).toBeGreaterThan(1);
    expect((await client.get('/me')).status).toBe(200);
    sim.faults.clear();
    expect((await client.get('/contacts')).status).toBe(200);
  });

  it('dropRate destroys the connection without a response and logs status 0', async () => {
    sim.faults.set({ dropRate: 1 });
    await expect(client.get('/me')).rejects.toThrow();
    expect(sim.requestLog.at(-1)).toMatchObject({ method: 'GET', path: '/me', status: 0 });
  });

  it('dropAnswers applies the request, then closes the connection instead of answering', async () => {
    sim.faults.set({ dropAnswers: 1, match: { method: 'POST', path: /^\/contacts$/ } });
    await expect(client.post('/contacts', { role: 'lead', email: 'lost@example.org' })).rejects.toThrow();
    const created = [...sim.store.contacts.values()].filter((contact) => contact.email === 'lost@example.org');
    expect(created).toHaveLength(1);
    // Only the next matching request loses its answer.
    const second = await client.post('/contacts', { role: 'lead', email: 'kept@example.org' });
    expect(second.status).toBe(200);
  });

  it('dropAnswerRate loses the answers of that share of matching requests, each applied', async () => {
    sim.faults.set({ dropAnswerRate: 1, match: { method: 'POST' } });
    await expect(client.post('/tags', { name: 'Applied' })).rejects.toThrow();
    expect([...sim.store.tags.values()].map((tag) => tag.name)).toContain('Applied');
    expect((await client.get('/me')).status).toBe(200);
  });

  it('latencyMs holds the request until the delay has elapsed', async () => {
    let release: () => void = () => undefined;
    let delayed: (ms: number) => void = () => undefined;
    const delayStarted = new Promise<number>((resolve) => (delayed = resolve));
    sim.faults.delay = (ms) => {
      delayed(ms);
      return new Promise<void>((resolve) => (release = resolve));
    };
    sim.faults.set({ latencyMs: 250 });
    let settled = false;
    const pending = client.get('/me').then((res) => {
      settled = true;
      return res;
    });
    expect(await delayStarted).toBe(250);
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    expect(sim.requestLog).toHaveLength(0);
    release();
    expect((await pending).status).toBe(200);
  });

  it('rateLimitStorm forces 429s for `count` requests, with a reset in the future', async () => {
    sim.faults.set({ rateLimitStorm: { count: 2 } });
    for (let i = 0; i < 2; i += 1) {
      const res = await client.get('/me');
      expect(res.status).toBe(429);
      expect(errorOf(res)?.code).toBe('rate_limit_exceeded');
      expect(res.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(Number(res.headers.get('x-ratelimit-reset'))).toBeGreaterThan(clock.now / 1000);
    }
    expect((await client.get('/me')).status).toBe(200);
  });

  it('rateLimitStorm with untilMs lasts until the clock passes it', async () => {
    const until = clock.now + 30_000;
    sim.faults.set({ rateLimitStorm: { untilMs: until } });
    const storm = await client.get('/me');
    expect(storm.status).toBe(429);
    expect(storm.headers.get('x-ratelimit-reset')).toBe(String(until / 1000));
    clock.now = until;
    expect((await client.get('/me')).status).toBe(200);
  });
});

describe('request log', () => {
  it('records every exchange with its spec route, and counts per route', async () => {
    ({ sim, client, clock } = await startSimulator());
    const contact = await client.post('/contacts', { role: 'user', external_id: 'u-1' });
    await client.get(`/contacts/${str(contact.body.id)}`);
    await client.get(`/contacts/${str(contact.body.id)}?include_merge_history=true`);
    expect(sim.requestLog[1]).toMatchObject({
      method: 'GET',
      route: '/contacts/{contact_id}',
      status: 200,
      at: clock.now,
    });
    expect(sim.requestLog[2]!.query).toEqual({ include_merge_history: 'true' });
    expect(sim.counters).toEqual({ 'POST /contacts': 1, 'GET /contacts/{contact_id}': 2 });
    expect(sim.requestCount('get', '/contacts/{contact_id}')).toBe(2);
    sim.resetRequestLog();
    expect(sim.requestLog).toHaveLength(0);
  });
});
