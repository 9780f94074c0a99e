/** Deterministic sample data for the sandbox and benchmarks. */
import { HullSimulator, SAMPLE_SEGMENTS } from '../src';
import { FakeConnector, restClient, type SearchPage } from './support';

describe('Hull simulator seed', () => {
  it('creates the same realistic organization for the same seed', () => {
    const first = new HullSimulator();
    const second = new HullSimulator();
    first.seed({ users: 200, accounts: 20, seed: 3 });
    second.seed({ users: 200, accounts: 20, seed: 3 });

    expect(first.users()).toEqual(second.users());
    expect(first.accounts()).toEqual(second.accounts());
    expect(first.users()).toHaveLength(200);
    expect(first.accounts()).toHaveLength(20);

    const users = first.users();
    const anonymous = users.filter((user) => user.email === null);
    expect(anonymous.length).toBeGreaterThan(0);
    expect(anonymous.every((user) => user.anonymous_ids.some((id) => id.startsWith('intercom:')))).toBe(true);
    expect(users.filter((user) => user.external_id !== null).length).toBeGreaterThan(10);
    expect(users.filter((user) => user.account_id !== null).length).toBeGreaterThan(50);
    expect(first.accounts().every((account) => account.domain !== null && !account.domain.endsWith('gmail.com'))).toBe(
      true,
    );
    expect(users.some((user) => first.eventsOf(user.id).length > 0)).toBe(true);
  });

  it('differs for another seed and evaluates the sample segments', () => {
    const sim = new HullSimulator();
    sim.seed({ users: 100, seed: 1 });
    const other = new HullSimulator();
    other.seed({ users: 100, seed: 2 });

    expect(sim.users()).not.toEqual(other.users());
    expect(sim.segments().map((segment) => segment.name)).toEqual(SAMPLE_SEGMENTS.map((segment) => segment.name));
    const customers = sim.segmentByName('Customers')!;
    const members = sim.users().filter((user) => user.segment_ids.includes(customers.id));
    expect(members.length).toBeGreaterThan(0);
    expect(members.every((user) => user.traits.lifecycle_stage === 'customer')).toBe(true);
    const enterprise = sim.segmentByName('Enterprise accounts')!;
    expect(sim.accounts().some((account) => account.segment_ids.includes(enterprise.id))).toBe(true);
  });

  it('seeds thousands of users quickly and serves them over REST', async () => {
    const sim = new HullSimulator();
    sim.seed({ users: 5000, accounts: 300 });
    await sim.start();
    try {
      const response = await restClient(sim).post<SearchPage>('search/user_reports', {
        query: { match_all: {} },
        per_page: 0,
      });
      expect(response.data.pagination.total).toBe(5000);
    } finally {
      await sim.stop();
    }
  });

  it('counts seeded data as already notified', async () => {
    const connector = new FakeConnector();
    await connector.start();
    const sim = new HullSimulator({ notify: { url: connector.url } });
    sim.seed({ users: 20 });
    sim.setPrivateSettings({ synchronized_user_segments: sim.segments().map((segment) => segment.id) });
    await sim.start();
    try {
      const member = sim.users().find((user) => user.segment_ids.length > 0)!;
      await sim.notifyUsers([member.id]);
      expect(connector.messages('user:update')[0]!.changes).toMatchObject({ is_new: false, user: {}, segments: {} });
    } finally {
      await sim.stop();
      await connector.stop();
    }
  });
});
