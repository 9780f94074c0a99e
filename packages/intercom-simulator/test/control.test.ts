/**
 * Control endpoints: answered without a token, never faulted, rate-limited, validated or logged (they
 * drive the simulator, they are not traffic it simulates), and they do what a person would do in
 * Intercom's UI: reseed the workspace, point its webhooks somewhere, read what was delivered.
 */
import Fastify from 'fastify';
import { listenOnLoopback } from '@hull-intercom-sync/simulator-kit';
import { IntercomSimulator } from '../src';
import { clientFor, errorOf, str, type Client } from './support';

describe('control endpoints', () => {
  let sim: IntercomSimulator;
  let url: string;
  const control = (path: string, init: RequestInit = {}) =>
    fetch(`${url}/_simulator${path}`, { ...init, headers: { 'content-type': 'application/json' } });

  beforeEach(async () => {
    sim = new IntercomSimulator({ rateLimitPerMinute: 6 });
    url = await sim.start();
  });

  afterEach(() => sim.stop());

  it('reseeds the workspace and reports its size, without a token and outside the simulated traffic', async () => {
    sim.faults.set({ errorRate: 1 });
    const seeded = await control('/seed', {
      method: 'POST',
      body: JSON.stringify({ users: 4, leads: 2, companies: 1 }),
    });
    expect(seeded.status).toBe(200);
    for (let call = 0; call < 3; call += 1) expect((await control('')).status).toBe(200);
    expect(await (await control('')).json()).toMatchObject({
      simulator: 'intercom',
      contacts: { users: 4, leads: 2 },
      companies: 1,
      webhook: null,
      requests: 0,
    });
    expect(sim.requestLog).toEqual([]);
  });

  it('points the webhooks at a receiver, which then hears of REST changes; the deliveries are listed', async () => {
    const received: string[] = [];
    const receiver = Fastify({ logger: false });
    receiver.post('/hooks', (request) => {
      received.push((request.body as { topic: string }).topic);
      return {};
    });
    const receiverUrl = `${await listenOnLoopback(receiver)}/hooks`;
    const client: Client = clientFor(url);
    try {
      const configured = await control('/webhook', {
        method: 'PUT',
        body: JSON.stringify({ url: receiverUrl, topics: ['contact.user.created'] }),
      });
      expect(await configured.json()).toMatchObject({
        webhook: { url: receiverUrl, topics: ['contact.user.created'] },
      });

      const created = await client.post('/contacts', { role: 'user', email: 'hooked@example.org' });
      await sim.flushWebhooks();

      expect(received).toEqual(['contact.user.created']);
      expect(await (await control('/webhooks')).json()).toEqual([
        { id: expect.any(String), topic: 'contact.user.created', status: 200 },
      ]);
      expect(str(created.body.email)).toBe('hooked@example.org');
    } finally {
      await receiver.close();
    }
  });

  it('answers a bad body with 400 naming the field', async () => {
    const refused = await control('/webhook', { method: 'PUT', body: JSON.stringify({ url: 'nowhere', topics: [] }) });
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as Parameters<typeof errorOf>[0]['body'];
    expect(errorOf({ status: 400, headers: refused.headers, body })).toMatchObject({ code: 'parameter_invalid' });
  });
});
