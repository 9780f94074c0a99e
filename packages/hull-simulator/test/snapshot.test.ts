/**
 * Snapshots: an organization written out as JSON and restored into another simulator (as the sandbox
 * does across restarts) holds the same entities, events, segments and connector settings, resolves
 * identities as before (merged-away ids included), goes on numbering after its entities, and notifies
 * only what changed since each entity's last notification.
 */
import { HullSimulator, SAMPLE_SEGMENTS, type HullSegmentDefinition } from '../src';
import { FakeConnector } from './support';

const throughJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

const CUSTOMERS: HullSegmentDefinition = {
  id: '65a0000000000000000000c1',
  name: 'Customers',
  type: 'users_segment',
  query: { 'traits_crm/stage': 'customer' },
};

describe('snapshot and restore', () => {
  let connector: FakeConnector;
  const simulators: HullSimulator[] = [];

  const simulator = (): HullSimulator => {
    const sim = new HullSimulator({
      segments: [CUSTOMERS],
      privateSettings: { synchronized_user_segments: [CUSTOMERS.id] },
      notify: { url: connector.url },
    });
    simulators.push(sim);
    return sim;
  };

  beforeEach(async () => {
    connector = new FakeConnector();
    await connector.start();
  });

  afterEach(async () => {
    await Promise.all(simulators.splice(0).map((sim) => sim.stop()));
    await connector.stop();
  });

  it('holds the same organization, resolves the same identities and numbers on after its entities', () => {
    const original = simulator();
    original.seed({ users: 12, accounts: 3, seed: 4 });
    const ada = original.upsertUser({ email: 'ada@example.org', external_id: 'u-ada' }, { 'crm/stage': 'customer' });
    const alias = original.upsertUser({ anonymous_id: 'intercom:42' }, { visits: 1 });
    // The anonymous profile turns out to be Ada: it is merged into her, and its id keeps resolving to her.
    original.upsertUser({ email: 'ada@example.org', anonymous_id: 'intercom:42' });
    const account = original.upsertAccount({ domain: 'example.org' }, { plan: 'enterprise' });
    original.linkUserToAccount(ada.id, account.id);
    original.trackEvent(ada.id, { event: 'Signed in', event_id: 'e-1' });
    original.setPrivateSettings({ ...original.privateSettings, users_last_fetch_timestamp: 1_700_000_000 });

    const restored = simulator();
    restored.restore(throughJson(original.snapshot()));

    expect(restored.snapshot()).toEqual(throughJson(original.snapshot()));
    expect(restored.users()).toEqual(original.users());
    expect(restored.privateSettings).toMatchObject({ users_last_fetch_timestamp: 1_700_000_000 });
    for (const claims of [{ email: 'ADA@example.org' }, { external_id: 'u-ada' }, { anonymous_id: 'intercom:42' }]) {
      expect(restored.findUser(claims)?.id).toBe(ada.id);
    }
    expect(restored.findUser({ id: alias.id })?.id).toBe(ada.id);
    expect(restored.findAccount({ domain: 'example.org' })?.id).toBe(account.id);
    expect(restored.eventsOf(ada.id)).toEqual(original.eventsOf(ada.id));
    expect(restored.eventsOf(ada.id).map((event) => event.event_id)).toContain('e-1');
    expect(restored.segmentByName('Customers')).toEqual(original.segmentByName('Customers'));

    const newcomer = restored.upsertUser({ email: 'grace@example.org' });
    expect(original.users().map((user) => user.id)).not.toContain(newcomer.id);
  });

  it('notifies only what changed since the last notification before the snapshot', async () => {
    const original = simulator();
    await original.start();
    const ada = original.upsertUser({ email: 'ada@example.org' }, { 'crm/stage': 'customer', plan: 'free' });
    await original.notifyUsers([ada.id]);
    original.upsertUser({ email: 'ada@example.org' }, { plan: 'pro' });

    const restored = simulator();
    restored.restore(throughJson(original.snapshot()));
    await restored.start();
    restored.setNotifyTarget(connector.url);
    await restored.notifyUsers([ada.id]);

    const [first, second] = connector.messages('user:update');
    expect(first?.changes?.is_new).toBe(true);
    expect(second?.changes).toMatchObject({ is_new: false, user: { traits_plan: ['free', 'pro'] } });
  });

  it('restores a segment defined by a predicate from the definitions it was given, and refuses an unknown one', () => {
    const original = simulator();
    original.seed({ users: 40, accounts: 2, seed: 1 });
    const engaged = SAMPLE_SEGMENTS.find((segment) => segment.match !== undefined)!;
    const restored = simulator();
    restored.restore(throughJson(original.snapshot()));
    const member = restored.users().find((user) => user.segment_ids.includes(engaged.id))!;
    restored.upsertUser({ id: member.id }, { visits_count: 0 });
    expect(restored.findUser({ id: member.id })?.segment_ids).not.toContain(engaged.id);

    const predicate: HullSegmentDefinition = {
      id: '65a0000000000000000000d1',
      name: 'VIP',
      type: 'users_segment',
      match: () => true,
    };
    const withPredicate = new HullSimulator({ segments: [predicate] });
    simulators.push(withPredicate);
    expect(() => simulator().restore(withPredicate.snapshot())).toThrow(/VIP .* defined by a predicate/);
  });

  it("refuses another simulator's snapshot, another format and another connector", () => {
    const snapshot = simulator().snapshot();
    expect(() => simulator().restore({ ...snapshot, simulator: 'intercom' })).toThrow(
      /not a snapshot of the hull simulator/,
    );
    expect(() => simulator().restore({ ...snapshot, format: 2 })).toThrow(/format 2; this simulator reads format 1/);
    const other = new HullSimulator({ connectorId: 'ffffffffffffffffffffffff' });
    simulators.push(other);
    expect(() => other.restore(snapshot)).toThrow(/snapshot is of connector/);
  });
});
