/**
 * Notification flow control, driven without the wall clock: the simulator's `sleep` is a
 * recorder, so `in` delays are asserted as requested waits and their order against deliveries.
 */
import { DEFAULT_RETRY_DELAY_MS, HullSimulator, MAX_DELIVERY_ATTEMPTS } from '../src';
import { FakeConnector, type Responder } from './support';

const CUSTOMERS = {
  id: '65a000000000000000000001',
  name: 'Customers',
  type: 'users_segment' as const,
  query: { traits_customer: true },
};

describe('Hull simulator flow control', () => {
  let connector: FakeConnector;
  let sim: HullSimulator;
  /** Deliveries and waits in the order they happened. */
  let timeline: string[];

  async function start(respond: Responder): Promise<void> {
    timeline = [];
    connector = new FakeConnector((notification, index) => {
      timeline.push(`deliver ${notification.body.messages.length} (retries ${notification.body.kraken.retries})`);
      return respond(notification, index);
    });
    await connector.start();
    sim = new HullSimulator({
      segments: [CUSTOMERS],
      privateSettings: { synchronized_user_segments: [CUSTOMERS.id] },
      notify: { url: connector.url },
      now: () => Date.parse('2024-01-05T10:00:00Z'),
      sleep: (ms) => {
        timeline.push(`wait ${ms}`);
        return Promise.resolve();
      },
    });
    await sim.start();
  }

  afterEach(async () => {
    await sim.stop();
    await connector.stop();
  });

  function customers(count: number): string[] {
    return Array.from(
      { length: count },
      (_, index) => sim.upsertUser({ email: `c${index}@example.org` }, { customer: true }).id,
    );
  }

  it('redelivers the same messages after `in` ms when the connector answers retry', async () => {
    await start((_notification, index) => (index === 0 ? { body: { flow_control: { type: 'retry', in: 250 } } } : {}));
    const [id] = customers(1);

    const result = await sim.notifyUsers([id!]);

    expect(result).toMatchObject({ delivered: 1, dropped: 0 });
    expect(timeline).toEqual(['deliver 1 (retries 0)', 'wait 250', 'deliver 1 (retries 1)']);
    const [first, second] = connector.received.map((notification) => notification.body);
    expect(second!.messages).toEqual(first!.messages);
    expect(second!.notification_id).not.toBe(first!.notification_id);
    expect(sim.notificationLog.map((entry) => [entry.outcome, entry.attempt])).toEqual([
      ['retry', 1],
      ['delivered', 2],
    ]);
  });

  it('waits `in` ms before each next notification and honours `size` after a "next" answer', async () => {
    await start(() => ({ body: { flow_control: { type: 'next', size: 1, in: 40 } } }));
    const ids = customers(3);

    await sim.notifyUsers(ids);
    expect(timeline).toEqual(['deliver 3 (retries 0)']);

    await sim.notifyUsers(ids.slice(0, 2));
    expect(timeline).toEqual([
      'deliver 3 (retries 0)',
      'wait 40',
      'deliver 1 (retries 0)',
      'wait 40',
      'deliver 1 (retries 0)',
    ]);
  });

  it('batches at most `size` messages per notification, 100 by default', async () => {
    await start((_notification, index) =>
      index === 0 ? { body: { flow_control: { type: 'retry', size: 2, in: 0 } } } : {},
    );
    const ids = customers(105);

    await sim.notifyUsers(ids);

    // 100 sent, retried in a batch of 2 as asked, then default-sized batches again.
    expect(connector.received.map((notification) => notification.body.messages.length)).toEqual([100, 2, 100, 3]);
    const delivered = connector.received.slice(1).flatMap((notification) => notification.body.messages);
    expect(new Set(delivered.map((message) => message.user?.id))).toEqual(new Set(ids));
  });

  it('treats a non-2xx answer as retry with a default delay, and drops after the attempt cap', async () => {
    await start(() => ({ status: 503, body: { error: { code: 'N/A' } } }));
    const [id] = customers(1);

    const result = await sim.notifyUsers([id!]);

    expect(result).toMatchObject({ delivered: 0, dropped: 1 });
    expect(connector.received.map((notification) => notification.body.kraken.retries)).toEqual([0, 1, 2, 3, 4]);
    expect(timeline.filter((entry) => entry.startsWith('wait'))).toEqual(
      Array.from({ length: MAX_DELIVERY_ATTEMPTS - 1 }, () => `wait ${DEFAULT_RETRY_DELAY_MS}`),
    );
    expect(sim.notificationLog.map((entry) => entry.outcome)).toEqual(['retry', 'retry', 'retry', 'retry', 'dropped']);
    expect(sim.notificationLog.every((entry) => entry.status === 503)).toBe(true);
    expect(sim.counters.notificationMessagesDropped).toBe(1);
  });

  it('counts an unreachable connector as a failed attempt', async () => {
    await start(() => ({}));
    sim.setNotifyTarget('http://127.0.0.1:9/unreachable');
    const [id] = customers(1);

    const result = await sim.notifyUsers([id!]);

    expect(result.dropped).toBe(1);
    expect(sim.notificationLog.map((entry) => entry.status)).toEqual([0, 0, 0, 0, 0]);
  });

  it('flushNotifications waits for queued deliveries including retries', async () => {
    await start((_notification, index) => (index < 2 ? { status: 500 } : {}));
    sim.setAutoNotify(true);
    customers(1);

    await sim.flushNotifications();

    expect(sim.notificationLog.map((entry) => entry.outcome)).toEqual(['retry', 'retry', 'delivered']);
  });
});
