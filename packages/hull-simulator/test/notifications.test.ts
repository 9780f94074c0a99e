/** Notifications into the connector: envelope, signature, message shapes, whitelists, channels. */
import axios from 'axios';
import { HullSimulator, type HullSegmentDefinition } from '../src';
import {
  CUSTOMERS,
  FakeConnector,
  anyObject,
  anyString,
  asUser,
  like,
  message,
  restClient,
  sendBatch,
  verifyRs256,
} from './support';

const LEADS: HullSegmentDefinition = {
  id: '65a000000000000000000002',
  name: 'Leads',
  type: 'users_segment',
  query: { 'traits_crm/stage': 'lead' },
};
const ENTERPRISE: HullSegmentDefinition = {
  id: '65a000000000000000000003',
  name: 'Enterprise',
  type: 'accounts_segment',
  query: { plan: 'enterprise' },
};

describe('Hull simulator notifications', () => {
  let connector: FakeConnector;
  let sim: HullSimulator;

  async function startSimulator(options: ConstructorParameters<typeof HullSimulator>[0] = {}): Promise<void> {
    sim = new HullSimulator({
      segments: [CUSTOMERS, LEADS, ENTERPRISE],
      privateSettings: {
        synchronized_user_segments: [CUSTOMERS.id],
        synchronized_lead_segments: [LEADS.id],
        synchronized_account_segments: [ENTERPRISE.id],
      },
      notify: { url: connector.url },
      ...options,
    });
    await sim.start();
  }

  beforeEach(async () => {
    connector = new FakeConnector();
    await connector.start();
  });

  afterEach(async () => {
    await sim.stop();
    await connector.stop();
  });

  it('sends an envelope signed with a key the simulator serves', async () => {
    await startSimulator();
    const user = sim.upsertUser({ email: 'ada@example.org' }, { 'crm/stage': 'customer' });

    const result = await sim.notifyUsers([user.id]);

    expect(result).toEqual({ notified: [user.id], skipped: [], missing: [], delivered: 1, dropped: 0 });
    const [notification] = connector.channel('user:update');
    const body = notification!.body;
    expect(body).toEqual({
      notification_id: anyString(),
      configuration: { id: sim.connectorId, organization: sim.organization, secret: sim.connectorSecret },
      channel: 'user:update',
      connector: like({
        id: sim.connectorId,
        private_settings: sim.privateSettings,
        manifest: anyObject(),
      }),
      segments: [expect.objectContaining({ id: CUSTOMERS.id }), expect.objectContaining({ id: LEADS.id })],
      accounts_segments: [expect.objectContaining({ id: ENTERPRISE.id, type: 'accounts_segment' })],
      messages: [expect.any(Object)],
      is_export: false,
      kraken: { retries: 0 },
    });
    expect(sim.organization).toMatch(/^127\.0\.0\.1:\d+$/);

    const headers = notification!.headers;
    expect(headers['x-hull-smart-notifier']).toBe('true');
    expect(headers['x-hull-smart-notifier-signature-version']).toBe('v1');
    const signature = String(headers['x-hull-smart-notifier-signature']);
    const keyUrl = String(headers['x-hull-smart-notifier-signature-public-key-url']);
    expect(keyUrl.startsWith(sim.url)).toBe(true);
    const key = await axios.post<string>(keyUrl, signature, {
      headers: { 'content-type': 'text/plain' },
      responseType: 'text',
    });
    expect(key.data).toContain('-----BEGIN PUBLIC KEY-----');
    const claims = verifyRs256(signature, key.data);
    expect(claims.jti).toBe(body.notification_id);
    expect(Number(claims.exp)).toBeGreaterThan(Number(claims.iat));
  });

  it('sends only the presence flag when signing is off', async () => {
    await startSimulator({ signNotifications: false });
    const user = sim.upsertUser({ email: 'ada@example.org' }, { 'crm/stage': 'customer' });
    await sim.notifyUsers([user.id]);

    const headers = connector.received[0]!.headers;
    expect(headers['x-hull-smart-notifier']).toBe('true');
    expect(headers['x-hull-smart-notifier-signature']).toBeUndefined();
  });

  it('builds user:update messages in the flat naming with changes since the last notification', async () => {
    await startSimulator();
    const account = sim.upsertAccount({ domain: 'example.org' }, { plan: 'enterprise', 'crm/tier': 'gold' });
    const user = sim.upsertUser(
      { email: 'ada@example.org', anonymous_id: 'crm:77' },
      { name: 'Ada L', coconuts: 3, 'crm/stage': 'lead' },
    );
    sim.linkUserToAccount(user.id, account.id);
    sim.trackEvent(user.id, {
      event: 'Invoice Paid',
      event_id: 'billing:1',
      source: 'billing',
      type: 'payment',
      properties: { amount: 49 },
    });
    await sim.notifyUsers([user.id]);

    const [first] = connector.messages('user:update');
    expect(first).toMatchObject({
      message_id: anyString(),
      user: {
        id: user.id,
        email: 'ada@example.org',
        anonymous_ids: ['crm:77'],
        name: 'Ada L',
        traits_coconuts: 3,
        'traits_crm/stage': 'lead',
        segment_ids: [LEADS.id],
      },
      segments: [expect.objectContaining({ id: LEADS.id, name: 'Leads' })],
      segment_ids: [LEADS.id],
      account: { id: account.id, domain: 'example.org', plan: 'enterprise', 'crm/tier': 'gold' },
      account_segments: [expect.objectContaining({ id: ENTERPRISE.id })],
      account_segment_ids: [ENTERPRISE.id],
      events: [
        expect.objectContaining({
          event_id: 'billing:1',
          event: 'Invoice Paid',
          event_source: 'billing',
          event_type: 'payment',
          properties: { amount: 49 },
        }),
      ],
      changes: {
        is_new: true,
        user: like({ email: [null, 'ada@example.org'], traits_coconuts: [null, 3] }),
        account: like({ plan: [null, 'enterprise'] }),
        segments: { entered: [expect.objectContaining({ id: LEADS.id })] },
        account_segments: { entered: [expect.objectContaining({ id: ENTERPRISE.id })] },
      },
    });

    // The user becomes a customer; a duplicate of the notified event is not reported again.
    sim.upsertUser({ email: 'ada@example.org' }, { 'crm/stage': 'customer', coconuts: null });
    sim.trackEvent(user.id, { event: 'Invoice Paid', event_id: 'billing:1', properties: { amount: 50 } });
    await sim.notifyUsers([user.id]);

    const [, second] = connector.messages('user:update');
    expect(second!.events).toEqual([]);
    expect(second!.changes).toEqual({
      is_new: false,
      user: { 'traits_crm/stage': ['lead', 'customer'], traits_coconuts: [3, null] },
      account: {},
      segments: {
        entered: [expect.objectContaining({ id: CUSTOMERS.id })],
        left: [expect.objectContaining({ id: LEADS.id })],
      },
      account_segments: {},
    });
  });

  it('notifies only whitelisted users, plus those that just left a whitelisted segment', async () => {
    await startSimulator();
    const customer = sim.upsertUser({ email: 'c@example.org' }, { 'crm/stage': 'customer' });
    const outsider = sim.upsertUser({ email: 'o@example.org' }, { 'crm/stage': 'visitor' });
    await sim.notifyUsers([customer.id, outsider.id, 'ffffffffffffffffffffffff']).then((result) =>
      expect(result).toMatchObject({
        notified: [customer.id],
        skipped: [outsider.id],
        missing: ['ffffffffffffffffffffffff'],
      }),
    );

    sim.upsertUser({ email: 'c@example.org' }, { 'crm/stage': 'churned' });
    const leaving = await sim.notifyUsers([customer.id]);
    sim.upsertUser({ email: 'c@example.org' }, { 'crm/score': 1 });
    const afterwards = await sim.notifyUsers([customer.id]);

    expect(leaving.notified).toEqual([customer.id]);
    expect(connector.messages('user:update')[1]?.changes?.segments).toEqual({
      left: [expect.objectContaining({ id: CUSTOMERS.id })],
    });
    expect(afterwards).toMatchObject({ notified: [], skipped: [customer.id] });
    expect(connector.messages('user:update')).toHaveLength(2);
  });

  it('exports bypass the whitelist and carry current state without changes', async () => {
    await startSimulator();
    const outsider = sim.upsertUser({ email: 'o@example.org' }, { 'crm/stage': 'visitor' });
    await sim.notifyUsers([outsider.id], { isExport: true });

    const [notification] = connector.channel('user:update');
    expect(notification!.body.is_export).toBe(true);
    expect(notification!.body.messages[0]).toMatchObject({
      user: { email: 'o@example.org' },
      events: [],
      changes: { is_new: false, user: {}, account: {}, segments: {}, account_segments: {} },
    });
  });

  it('sends account:update for whitelisted accounts', async () => {
    await startSimulator();
    const enterprise = sim.upsertAccount({ domain: 'big.example' }, { plan: 'enterprise', name: 'Big' });
    const small = sim.upsertAccount({ domain: 'small.example' }, { plan: 'free' });
    const result = await sim.notifyAccounts([enterprise.id, small.id]);

    expect(result).toMatchObject({ notified: [enterprise.id], skipped: [small.id], delivered: 1 });
    expect(connector.messages('account:update')).toEqual([
      {
        message_id: anyString(),
        account: like({ id: enterprise.id, domain: 'big.example', plan: 'enterprise', name: 'Big' }),
        account_segments: [expect.objectContaining({ id: ENTERPRISE.id })],
        account_segment_ids: [ENTERPRISE.id],
        changes: {
          is_new: true,
          account: like({ name: [null, 'Big'] }),
          account_segments: { entered: [expect.objectContaining({ id: ENTERPRISE.id })] },
        },
      },
    ]);
  });

  it('announces saved settings with ship:update, from REST and from the API', async () => {
    await startSimulator();
    await restClient(sim).put(sim.connectorId, { private_settings: { synchronized_user_segments: [LEADS.id] } });
    sim.setPrivateSettings({ synchronized_user_segments: [] });
    await sim.flushNotifications();

    const ships = connector.channel('ship:update');
    expect(ships.map((ship) => ship.body.connector.private_settings)).toEqual([
      { synchronized_user_segments: [LEADS.id] },
      { synchronized_user_segments: [] },
    ]);
    expect(ships[0]!.body.messages).toEqual([expect.objectContaining({ id: sim.connectorId })]);
  });

  it('sends users_segment:update when a segment is defined', async () => {
    await startSimulator();
    sim.upsertSegment({
      id: '65a000000000000000000009',
      name: 'VIP',
      type: 'users_segment',
      query: { traits_vip: true },
    });
    await sim.flushNotifications();

    expect(connector.messages('users_segment:update')).toEqual([
      expect.objectContaining({ id: '65a000000000000000000009', name: 'VIP' }),
    ]);
  });

  it('only sends subscribed channels', async () => {
    await startSimulator({ notify: { url: connector.url, channels: ['user:update'] } });
    sim.setPrivateSettings({ synchronized_user_segments: [CUSTOMERS.id] });
    const user = sim.upsertUser({ email: 'c@example.org' }, { 'crm/stage': 'customer' });
    await sim.notifyUsers([user.id]);
    await sim.flushNotifications();

    expect(connector.received.map((notification) => notification.body.channel)).toEqual(['user:update']);
  });

  describe('autoNotify', () => {
    it("notifies about the connector's own writes (the echo), but not about writes that change nothing", async () => {
      await startSimulator({ autoNotify: true });
      const claims = asUser({ email: 'c@example.org' });
      await sendBatch(sim, [message(sim, 'traits', { 'crm/stage': 'customer', 'intercom/id': 'ic-1' }, claims)]);
      await sim.flushNotifications();
      await sendBatch(sim, [message(sim, 'traits', { 'crm/stage': 'customer', 'intercom/id': 'ic-1' }, claims)]);
      await sim.flushNotifications();

      const messages = connector.messages('user:update');
      expect(messages).toHaveLength(1);
      expect(messages[0]?.changes?.user).toMatchObject({ 'traits_intercom/id': [null, 'ic-1'] });
    });

    it('is off by default: changes wait for notifyUsers', async () => {
      await startSimulator();
      sim.upsertUser({ email: 'c@example.org' }, { 'crm/stage': 'customer' });
      await sim.flushNotifications();

      expect(connector.received).toHaveLength(0);
    });

    it('can be asked for per change', async () => {
      await startSimulator();
      sim.upsertUser({ email: 'c@example.org' }, { 'crm/stage': 'customer' }, { notify: true });
      await sim.flushNotifications();

      expect(connector.messages('user:update')).toHaveLength(1);
    });
  });

  it('refuses to notify without a target', async () => {
    sim = new HullSimulator();
    await sim.start();

    await expect(sim.notifyUsers([])).rejects.toThrow(/no notification target/);
  });
});
