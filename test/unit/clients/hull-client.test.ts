/**
 * The Hull client against the Hull simulator on loopback: firehose batches of at most 50 messages
 * with per-message tokens the platform accepts, identity claims filtered to the keys Hull accepts,
 * 5xx retried twice within the call then reported as transient (for the activity's retry policy),
 * 4xx final, and settings saved as a merge of Hull's current copy.
 */
import { HullClient } from '../../../src/hull/client';
import { HullRequestError } from '../../../src/hull/errors';
import { Secret } from '../../../src/config/secret';
import { HullSimulator } from '@hull-intercom-sync/hull-simulator';

describe('Hull client', () => {
  const simulator = new HullSimulator({ privateSettings: { tag_users: true } });
  let hull: HullClient;

  beforeAll(async () => {
    await simulator.start();
    hull = new HullClient({
      organization: simulator.organization,
      connectorId: simulator.connectorId,
      connectorSecret: new Secret(simulator.connectorSecret),
      apiUrl: simulator.apiUrl,
      firehoseUrl: simulator.firehoseUrl,
    });
  });

  afterAll(() => simulator.stop());

  beforeEach(() => simulator.setFailures(undefined));

  it('sends batches of at most 50 messages, every token accepted', async () => {
    const batch = hull.batch();
    for (let i = 0; i < 120; i += 1) {
      batch.userTraits(
        { email: `u${i}@example.org`, anonymous_id: `intercom-user:user-${i}` },
        { 'intercom_user/index': i },
      );
    }
    const before = simulator.firehoseBatches.length;
    expect(await batch.flush()).toBe(120);
    expect(simulator.firehoseBatches.slice(before).map((b) => (b.body as { batch: unknown[] }).batch.length)).toEqual([
      50, 50, 20,
    ]);
    expect(simulator.rejectedMessages).toEqual([]);
    expect(simulator.findUser({ anonymous_id: 'intercom-user:user-7' })?.traits['intercom_user/index']).toBe(7);
  });

  it('tracks events with their id, and links users to accounts', async () => {
    const batch = hull.batch();
    const claims = { email: 'linked@example.org' };
    batch.track(claims, {
      event: 'Signed Up',
      properties: { plan: 'pro' },
      eventId: 'intercom:n1',
      createdAt: '2026-01-01T00:00:00.000Z',
      source: 'intercom',
    });
    batch.track(claims, {
      event: 'Signed Up',
      properties: { plan: 'pro' },
      eventId: 'intercom:n1',
      createdAt: '2026-01-01T00:00:00.000Z',
      source: 'intercom',
    });
    batch.linkUserToAccount(claims, { domain: 'acme.example' });
    await batch.flush();
    const user = simulator.findUser(claims)!;
    expect(simulator.eventsOf(user.id)).toEqual([
      expect.objectContaining({ event_id: 'intercom:n1', event: 'Signed Up' }),
    ]);
    expect(user.account_id).toBe(simulator.findAccount({ domain: 'acme.example' })?.id);
  });

  it('refuses a message without identity before sending anything', () => {
    expect(() => hull.batch().userTraits({ email: '  ' }, { a: 1 })).toThrow(/needs at least one identity claim/);
  });

  it('retries server errors up to three attempts, then reports a transient error', async () => {
    simulator.setFailures({ target: 'firehose', status: 503, times: 2 });
    const batch = hull.batch();
    batch.userTraits({ email: 'retry@example.org' }, { 'x/y': 1 });
    await expect(batch.flush()).resolves.toBe(1);

    simulator.setFailures({ target: 'firehose', status: 502 });
    const failing = hull.batch();
    failing.userTraits({ email: 'retry@example.org' }, { 'x/y': 2 });
    const firehoseCalls = () => simulator.requestLog.filter((entry) => entry.target === 'firehose').length;
    const before = firehoseCalls();
    await expect(failing.flush()).rejects.toMatchObject({ name: 'HullTransientError', status: 502, retryable: true });
    expect(firehoseCalls()).toBe(before + 3);
    expect(failing.pending).toBe(1); // nothing is lost: the batch still holds the message
  });

  it('does not retry a client error', async () => {
    simulator.setFailures({ target: 'firehose', status: 400 });
    const batch = hull.batch();
    batch.userTraits({ email: 'bad@example.org' }, { 'x/y': 1 });
    await expect(batch.flush()).rejects.toBeInstanceOf(HullRequestError);
  });

  it('reads the connector and saves settings as a merge of Hull’s current copy', async () => {
    expect((await hull.getConnector()).private_settings).toMatchObject({ tag_users: true });
    await hull.updatePrivateSettings({ users_last_fetch_timestamp: 1_700_000_000 });
    expect(simulator.privateSettings).toMatchObject({ tag_users: true, users_last_fetch_timestamp: 1_700_000_000 });
  });
});
