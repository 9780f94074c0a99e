import { hullEventSchema } from '../../../../src/hull/notifications';
import {
  EventTimeError,
  eventsToSend,
  intercomEventKey,
  METADATA_KEY_LIMIT,
  toIntercomEvent,
} from '../../../../src/sync/outgoing/events';
import { settingsWith, userMessage } from './fixtures';

const hullEvent = (input: Record<string, unknown>) =>
  hullEventSchema.parse({ created_at: '2024-01-02T03:04:05Z', properties: {}, ...input });

describe('eventsToSend', () => {
  const events = [
    { event_id: 'e1', event: 'Invoice Paid', created_at: '2024-01-02T03:04:05Z', event_source: 'billing' },
    { event_id: 'e2', event: 'Page Viewed', created_at: '2024-01-02T03:04:06Z', event_source: 'track' },
    { event_id: 'e3', event: 'Invoice Paid', created_at: '2024-01-02T03:04:07Z', event_source: 'intercom' },
    { event_id: 'e1', event: 'Invoice Paid', created_at: '2024-01-02T03:04:05Z', event_source: 'billing' },
  ];
  const message = userMessage({ events });
  const ids = (settings: Record<string, unknown>) =>
    eventsToSend(message, settingsWith(settings)).map((event) => event.event_id);

  it('sends whitelisted events only', () => {
    expect(ids({ outgoing_events: ['Invoice Paid'] })).toEqual(['e1']);
  });

  it('sends every event with all_events', () => {
    expect(ids({ outgoing_events: ['all_events'] })).toEqual(['e1', 'e2']);
  });

  it('never sends events that came from Intercom (loop guard)', () => {
    expect(ids({ outgoing_events: ['all_events'] })).not.toContain('e3');
    const shouty = userMessage({ events: [{ event: 'X', created_at: 1, event_source: 'Intercom' }] });
    expect(eventsToSend(shouty, settingsWith({ outgoing_events: ['all_events'] }))).toEqual([]);
  });

  it('sends nothing with send_events off or an empty whitelist', () => {
    expect(ids({ outgoing_events: ['all_events'], send_events: false })).toEqual([]);
    expect(ids({})).toEqual([]);
  });

  it('de-duplicates by event_id, and by content when there is none', () => {
    const twice = { event: 'Signed In', created_at: '2024-01-02T03:04:05Z', properties: { a: 1, b: 2 } };
    const reordered = { event: 'Signed In', created_at: '2024-01-02T03:04:05Z', properties: { b: 2, a: 1 } };
    const later = { ...twice, created_at: '2024-01-02T03:04:09Z' };
    const sent = eventsToSend(
      userMessage({ events: [twice, reordered, later] }),
      settingsWith({ outgoing_events: ['Signed In'] }),
    );
    expect(sent).toHaveLength(2);
  });
});

describe('intercomEventKey', () => {
  it('is the event_id when there is one', () => {
    expect(intercomEventKey(hullEvent({ event_id: 'billing:inv_9001', event: 'Invoice Paid' }))).toBe(
      'billing:inv_9001',
    );
  });

  it('is a stable content hash otherwise, equal across time spellings', () => {
    const iso = intercomEventKey(hullEvent({ event: 'X', created_at: '2018-03-30T14:38:02Z', properties: { a: 1 } }));
    const hull = intercomEventKey(
      hullEvent({ event: 'X', created_at: '2018-03-30 14:38:02 UTC', properties: { a: 1 } }),
    );
    expect(iso).toMatch(/^sha256:[0-9a-f]{32}$/);
    expect(hull).toBe(iso);
    expect(
      intercomEventKey(hullEvent({ event: 'Y', created_at: '2018-03-30T14:38:02Z', properties: { a: 1 } })),
    ).not.toBe(iso);
  });
});

describe('toIntercomEvent', () => {
  it.each([
    ['2018-03-30T14:38:02Z', 1522420682],
    ['2018-03-30T14:38:02.123+00:00', 1522420682],
    ['2018-03-30 14:38:02 UTC', 1522420682],
    [1522420682, 1522420682],
    [1522420682123, 1522420682],
  ])('takes created_at from the event time %j, not from properties.created', (createdAt, expected) => {
    const { body } = toIntercomEvent(
      hullEvent({ event: 'X', created_at: createdAt, properties: { created: 'yesterday' } }),
      {
        id: 'ic-1',
      },
    );
    expect(body.created_at).toBe(expected);
    expect(body.id).toBe('ic-1');
  });

  it('throws EventTimeError when the event has no usable time', () => {
    expect(() => toIntercomEvent(hullEvent({ event: 'X', created_at: null }), { id: 'ic-1' })).toThrow(EventTimeError);
    expect(() => toIntercomEvent(hullEvent({ event: 'X', created_at: 'soon' }), { id: 'ic-1' })).toThrow(
      /no usable created_at/,
    );
  });

  it('flattens nested objects, sends arrays as JSON text, drops and reports null values', () => {
    const event = hullEvent({
      event: 'Order Placed',
      properties: {
        total: 49.5,
        paid: true,
        items: ['book', 'pen', 3],
        shipping: { address: { city: 'Paris', zip: null }, method: 'post' },
        coupon: null,
        empty: [],
        nothing: {},
      },
    });
    expect(toIntercomEvent(event, { id: 'ic-1' })).toEqual({
      body: {
        event_name: 'Order Placed',
        created_at: 1704164645,
        id: 'ic-1',
        metadata: {
          items: '["book","pen",3]',
          paid: true,
          total: 49.5,
          shipping_method: 'post',
          shipping_address_city: 'Paris',
        },
      },
      dropped: ['coupon', 'empty', 'nothing', 'shipping_address_zip'],
    });
  });

  it("keeps Intercom's rich link and monetary amount shapes as objects", () => {
    const event = hullEvent({
      event: 'Invoice Paid',
      properties: {
        invoice: { url: 'https://x.io/i/1', value: 'Invoice 1' },
        price: { amount: 4900, currency: 'eur' },
      },
    });
    expect(toIntercomEvent(event, { id: 'ic-1' }).body.metadata).toEqual({
      invoice: { url: 'https://x.io/i/1', value: 'Invoice 1' },
      price: { amount: 4900, currency: 'eur' },
    });
  });

  it(`keeps at most ${METADATA_KEY_LIMIT} keys: top-level before nested, then alphabetical; lists the rest`, () => {
    const properties: Record<string, unknown> = { nested: { a: 1, b: 2 } };
    for (const letter of 'lkjihgfedcba') properties[`p_${letter}`] = letter;
    const { body, dropped } = toIntercomEvent(hullEvent({ event: 'X', properties }), { id: 'ic-1' });
    expect(Object.keys(body.metadata ?? {})).toEqual([
      'p_a',
      'p_b',
      'p_c',
      'p_d',
      'p_e',
      'p_f',
      'p_g',
      'p_h',
      'p_i',
      'p_j',
    ]);
    expect(dropped).toEqual(['nested_a', 'nested_b', 'p_k', 'p_l']);
  });

  it('is independent of the order Hull delivered the properties in', () => {
    const forward = toIntercomEvent(hullEvent({ event: 'X', properties: { a_b: 1, a: { b: 2 }, c: 3 } }), { id: 'i' });
    const backward = toIntercomEvent(hullEvent({ event: 'X', properties: { c: 3, a: { b: 2 }, a_b: 1 } }), { id: 'i' });
    expect(forward).toEqual(backward);
    // The top-level a_b wins over the flattened a.b.
    expect(forward.body.metadata).toEqual({ a_b: 1, c: 3 });
    expect(forward.dropped).toEqual(['a_b']);
  });

  it('omits metadata when there is none', () => {
    expect(toIntercomEvent(hullEvent({ event: 'X', properties: null }), { id: 'ic-1' })).toEqual({
      body: { event_name: 'X', created_at: 1704164645, id: 'ic-1' },
      dropped: [],
    });
  });
});
