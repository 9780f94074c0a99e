/**
 * The Intercom client's transport against the Intercom simulator on loopback: headers, error
 * classification, quick retries of isolated server errors (never of a create), 429s turned into a
 * wait until the reset, and pacing from X-RateLimit-* headers.
 */
import { IntercomClient } from '../../../src/intercom/client';
import {
  conflictingContactId,
  IntercomAuthError,
  IntercomRateLimitedError,
  IntercomRequestError,
  IntercomTransientError,
} from '../../../src/intercom/errors';
import { RateGovernor } from '../../../src/intercom/rate-governor';
import { IntercomSimulator } from '@hull-intercom-sync/intercom-simulator';

describe('Intercom transport', () => {
  const simulator = new IntercomSimulator({ rateLimitPerMinute: 600 });
  let client: IntercomClient;
  let governor: RateGovernor;
  let token = 'sandbox-intercom-token';

  beforeAll(async () => {
    const url = await simulator.start();
    governor = new RateGovernor({ limitPerMinute: 600 });
    client = new IntercomClient({ baseUrl: url, apiVersion: '2.16', accessToken: () => token, governor });
  });

  afterAll(() => simulator.stop());

  beforeEach(() => {
    simulator.faults.clear();
    token = 'sandbox-intercom-token';
  });

  it('sends the bearer token and the pinned version, and reads the rate window', async () => {
    simulator.resetRequestLog();
    const me = await client.me();
    expect(me.app?.id_code).toBe('sandboxapp');
    expect(governor.window).toMatchObject({ limit: 100, remaining: expect.any(Number) });
  });

  it('classifies 401 as an auth error and 404 as a request error, with Intercom’s code and message', async () => {
    token = 'revoked';
    await expect(client.me()).rejects.toBeInstanceOf(IntercomAuthError);
    token = 'sandbox-intercom-token';
    const missing = client.getContact('000000000000000000000000');
    await expect(missing).rejects.toBeInstanceOf(IntercomRequestError);
    await expect(missing).rejects.toMatchObject({ details: { status: 404, code: 'not_found' }, retryable: false });
  });

  it('reads the existing id out of a 409 conflict', async () => {
    const existing = simulator.createContact({ role: 'user', email: 'dupe@example.org' });
    const error = await client.createContact({ role: 'user', email: 'dupe@example.org' }).catch((e: unknown) => e);
    expect(conflictingContactId(error)).toEqual({ id: existing.id, archived: false });
  });

  it('retries an isolated server error twice within the call, and reports a persistent one as transient', async () => {
    simulator.faults.set({ errorRate: 1, match: { path: /^\/me$/ } });
    const meter = { requests: 0 };
    await expect(client.me({ meter })).rejects.toMatchObject({ name: 'IntercomTransientError', retryable: true });
    expect(meter.requests).toBe(3);

    let failures = 1;
    simulator.faults.set({ errorRate: 1, match: { path: /^\/me$/ } });
    const flaky = new IntercomClient({
      baseUrl: simulator.url,
      apiVersion: '2.16',
      accessToken: () => {
        if (failures-- === 0) simulator.faults.clear();
        return token;
      },
      governor: new RateGovernor({ limitPerMinute: 600 }),
    });
    await expect(flaky.me()).resolves.toMatchObject({ type: 'admin' });
  });

  it('never repeats a create within the call: its failure goes to the activity, which looks again first', async () => {
    simulator.faults.set({ errorRate: 1, match: { method: 'POST', path: /^\/contacts$/ } });
    const creates = { requests: 0 };
    await expect(
      client.createContact({ role: 'lead', email: 'once@example.org' }, { meter: creates }),
    ).rejects.toBeInstanceOf(IntercomTransientError);
    expect(creates.requests).toBe(1);
  });

  it('reports a refused connection as transient, with the reason', async () => {
    const unreachable = new IntercomClient({
      baseUrl: 'http://127.0.0.1:1',
      apiVersion: '2.16',
      accessToken: () => token,
      governor: new RateGovernor({ limitPerMinute: 600 }),
    });
    await expect(unreachable.me()).rejects.toMatchObject({
      name: 'IntercomTransientError',
      message: expect.stringMatching(/network error: ECONNREFUSED/),
    });
  });

  it('turns a 429 into a rate-limited error that waits until the window resets', async () => {
    simulator.faults.set({ rateLimitStorm: { count: 1 } });
    const error = await client.me().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntercomRateLimitedError);
    const waitMs = (error as IntercomRateLimitedError).retryAfterMs;
    expect(waitMs).toBeGreaterThan(0);
    expect(waitMs).toBeLessThanOrEqual(11_000);
    // The governor knows the window is spent: the next request waits for the reset.
    expect(governor.delayFor('live')).toBeGreaterThan(0);
  });
});

describe('RateGovernor', () => {
  it('keeps a larger reserve for background work, so live updates go first', () => {
    let now = 0;
    const governor = new RateGovernor({ limitPerMinute: 600, now: () => now });
    governor.started();
    governor.finished({ limit: 100, remaining: 25, reset: 10 });
    expect(governor.delayFor('live')).toBe(0);
    expect(governor.delayFor('background')).toBe(10_000);
    now = 10_000;
    expect(governor.delayFor('background')).toBe(0);
  });

  it('counts requests still in flight against the remaining budget, and keeps the lowest remaining of a window', () => {
    const governor = new RateGovernor({ limitPerMinute: 600, now: () => 0 });
    governor.finished({ limit: 100, remaining: 5, reset: 10 });
    governor.finished({ limit: 100, remaining: 40, reset: 10 }); // an older response arriving late
    expect(governor.window?.remaining).toBe(5);
    for (let i = 0; i < 3; i += 1) governor.started();
    expect(governor.delayFor('live')).toBe(10_000);
  });
});
