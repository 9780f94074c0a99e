/**
 * Control endpoints: answered without credentials, never faulted or logged (they drive the simulator,
 * they are not traffic it simulates), and they do what happens in Hull outside the connector's view:
 * another source writes a user, the connector is installed at an address, its users are sent to it.
 */
import { HullSimulator, SAMPLE_SEGMENTS, type HullUser } from '../src';
import { FakeConnector } from './support';

describe('control endpoints', () => {
  let sim: HullSimulator;
  let connector: FakeConnector;
  let url: string;
  const control = (path: string, method = 'GET', body?: unknown) =>
    fetch(`${url}/_simulator${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  beforeEach(async () => {
    connector = new FakeConnector();
    await connector.start();
    const customers = SAMPLE_SEGMENTS.find((segment) => segment.name === 'Customers')!;
    sim = new HullSimulator({
      segments: [customers],
      privateSettings: { synchronized_user_segments: [customers.id] },
      failures: { target: 'rest', status: 503 },
    });
    url = await sim.start();
  });

  afterEach(async () => {
    await sim.stop();
    await connector.stop();
  });

  it('reseeds the organization and reports it, without credentials and outside the simulated traffic', async () => {
    const seeded = await control('/seed', 'POST', { users: 6, accounts: 2, seed: 3 });
    expect(seeded.status).toBe(200);
    expect(await (await control('')).json()).toMatchObject({
      simulator: 'hull',
      connectorId: sim.connectorId,
      users: 6,
      accounts: 2,
      notifications: { url: null, autoNotify: false },
    });
    expect(sim.requestLog).toEqual([]);
  });

  it("installs the connector at an address; another source's write then reaches it, and users are sent on demand", async () => {
    const installed = await control('/notifications', 'PUT', { url: connector.url, autoNotify: true });
    expect(await installed.json()).toMatchObject({ notifications: { url: connector.url, autoNotify: true } });

    const written = await control('/users', 'POST', {
      claims: { email: 'ada@example.org' },
      traits: { lifecycle_stage: 'customer', job_title: 'Engineer' },
    });
    const user = (await written.json()) as HullUser;
    expect(user.traits).toMatchObject({ job_title: 'Engineer' });
    await sim.flushNotifications();
    expect(connector.messages('user:update').map((message) => message.user?.email)).toEqual(['ada@example.org']);

    const sent = await control('/notify', 'POST', { users: [user.id] });
    expect(await sent.json()).toMatchObject({ users: { notified: [user.id], delivered: 1 } });
    expect(connector.messages('user:update')).toHaveLength(2);
  });

  it('answers a write without usable claims, or a notify with nowhere to send, with the reason', async () => {
    const refused = await control('/users', 'POST', { claims: { phone: '123' } });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ message: expect.stringMatching(/at least one of id, email/) });
    const nowhere = await control('/notify', 'POST', { users: [] });
    expect(nowhere.status).toBe(409);
  });
});
