/** Attribute semantics and tracked events through the firehose. */
import { HullSimulator } from '../src';
import { asUser, message, sendBatch } from './support';

describe('Hull simulator traits and events', () => {
  let sim: HullSimulator;
  const ada = asUser({ email: 'ada@example.org' });

  beforeEach(async () => {
    sim = new HullSimulator();
    await sim.start();
  });

  afterEach(() => sim.stop());

  const traitsOfAda = (): Record<string, unknown> | undefined => sim.findUser({ email: 'ada@example.org' })?.traits;

  it("applies the protocol's example traits body: groups, operations, null and dates", async () => {
    sim.upsertUser({ email: 'ada@example.org' }, { legacy_flag: true, visits_count: 4 });
    await sendBatch(sim, [
      message(
        sim,
        'traits',
        {
          'crm/score': 42,
          'crm/owner': { operation: 'setIfNull', value: 'Lin' },
          visits_count: { operation: 'increment', value: 1 },
          legacy_flag: null,
          'crm/signed_up_at': '2023-11-02T08:00:00Z',
        },
        ada,
      ),
    ]);

    expect(traitsOfAda()).toEqual({
      'crm/score': 42,
      'crm/owner': 'Lin',
      visits_count: 5,
      'crm/signed_up_at': '2023-11-02T08:00:00.000Z',
    });
  });

  it('implements every operation: set, setIfNull, inc/increment, dec/decrement', async () => {
    sim.upsertUser({ email: 'ada@example.org' }, { owner: 'Kim', a: 10, b: 10 });
    await sendBatch(sim, [
      message(
        sim,
        'traits',
        {
          owner: { operation: 'setIfNull', value: 'Lin' },
          fresh: { operation: 'setIfNull', value: 'yes' },
          plain: { operation: 'set', value: 'v' },
          a: { operation: 'inc', value: 2 },
          b: { operation: 'dec', value: 3 },
          c: { operation: 'decrement', value: 1 },
          d: { operation: 'increment' },
        },
        ada,
      ),
    ]);

    expect(traitsOfAda()).toEqual({ owner: 'Kim', a: 12, b: 7, fresh: 'yes', plain: 'v', c: -1, d: 1 });
  });

  it('accepts nested {group: {name: value}} as group/name and keeps arrays', async () => {
    await sendBatch(sim, [message(sim, 'traits', { intercom: { tags: ['vip', 'beta'], id: 7 }, 'crm/list': [] }, ada)]);

    expect(traitsOfAda()).toEqual({ 'intercom/tags': ['vip', 'beta'], 'intercom/id': 7, 'crm/list': [] });
  });

  it('normalises _at and _date values from ISO, unix seconds and unix milliseconds', async () => {
    await sendBatch(sim, [
      message(
        sim,
        'traits',
        {
          'crm/created_at': 1700000000,
          'crm/renewal_date': 1700000000000,
          last_seen_at: '2024-01-05T10:00:00+02:00',
          'crm/odd_at': 'not a date',
          'crm/category': '1700000000',
        },
        ada,
      ),
    ]);

    expect(traitsOfAda()).toEqual({
      'crm/created_at': '2023-11-14T22:13:20.000Z',
      'crm/renewal_date': '2023-11-14T22:13:20.000Z',
      last_seen_at: '2024-01-05T08:00:00.000Z',
      'crm/odd_at': 'not a date',
      'crm/category': '1700000000',
    });
  });

  it('sets identity fields through traits and refuses what is not an attribute', async () => {
    sim.upsertUser({ email: 'taken@example.org' });
    await sendBatch(sim, [
      message(
        sim,
        'traits',
        {
          external_id: 'u-9',
          anonymous_id: 'crm:1',
          id: 'x',
          segment_ids: [],
          'crm/ok': true,
          unknown_op: { operation: 'explode' },
        },
        ada,
      ),
      message(sim, 'traits', { email: 'taken@example.org' }, ada),
    ]);

    const user = sim.findUser({ external_id: 'u-9' });
    expect(user).toMatchObject({ email: 'ada@example.org', anonymous_ids: [], traits: { 'crm/ok': true } });
    expect(sim.rejectedMessages.map((rejection) => rejection.reason)).toEqual([
      expect.stringMatching(/"anonymous_id": anonymous_id is not an attribute/),
      expect.stringMatching(/"id": read-only/),
      expect.stringMatching(/"segment_ids": read-only/),
      expect.stringMatching(/"unknown_op": unknown operation "explode"/),
      expect.stringMatching(/"email": already identifies another user/),
    ]);
  });

  it('refuses increments of non-numeric values without touching them', async () => {
    sim.upsertUser({ email: 'ada@example.org' }, { label: 'x' });
    await sendBatch(sim, [message(sim, 'traits', { label: { operation: 'inc', value: 1 } }, ada)]);

    expect(traitsOfAda()).toEqual({ label: 'x' });
    expect(sim.rejectedMessages[0]?.reason).toMatch(/cannot increment a string/);
  });

  it('tracks events with their context and upserts by event_id', async () => {
    const body = {
      ip: null,
      url: 'https://example.org/pricing?x=1',
      referer: null,
      source: 'billing',
      type: 'payment',
      created_at: '2024-01-05T09:59:00Z',
      event_id: 'billing:inv_9001',
      properties: { amount: 49, currency: 'EUR' },
      event: 'Invoice Paid',
      _bid: 'browser-1',
    };
    const first = await sendBatch(sim, [message(sim, 'track', body, ada)]);
    // A client retry of the same batch, then an update of the same event.
    await sendBatch(sim, [message(sim, 'track', body, ada)]);
    await sendBatch(sim, [message(sim, 'track', { ...body, properties: { amount: 50, currency: 'EUR' } }, ada)]);

    expect(first.status).toBe(200);
    const user = sim.findUser({ email: 'ada@example.org' });
    const events = sim.eventsOf(user!.id);
    expect(events).toEqual([
      {
        event_id: 'billing:inv_9001',
        user_id: user!.id,
        event: 'Invoice Paid',
        properties: { amount: 50, currency: 'EUR' },
        created_at: '2024-01-05T09:59:00.000Z',
        source: 'billing',
        type: 'payment',
        context: { ip: null, url: 'https://example.org/pricing?x=1', referer: null, _bid: 'browser-1' },
        app_id: sim.connectorId,
      },
    ]);
    expect(sim.counters).toMatchObject({ eventsTracked: 1, eventsDeduplicated: 2 });
  });

  it('gives events without event_id their own id and refuses events without a name', async () => {
    await sendBatch(sim, [
      message(sim, 'track', { event: 'Page Viewed' }, ada),
      message(sim, 'track', { event: 'Page Viewed' }, ada),
      message(sim, 'track', { properties: {} }, ada),
    ]);

    const user = sim.findUser({ email: 'ada@example.org' });
    expect(sim.eventsOf(user!.id)).toHaveLength(2);
    expect(sim.rejectedMessages[0]?.reason).toMatch(/non-empty "event" name/);
  });
});
