/**
 * No echo loops (issue 4, item 11): what the engine writes to Intercom comes back — as webhooks and
 * through the incremental fetch — and lands in Hull, which notifies the engine again (real Hull
 * notifies connectors of changes they made themselves). None of that may turn into another write to
 * Intercom.
 */
import { randomUUID } from 'node:crypto';
import { DELIVERED_TOPICS } from '../../src/sync/incoming/topics';
import { INCOMING_EVENT_TOPICS } from '../../src/config/connector-settings';
import { incrementalFetchWorkflow } from '../../src/workflows';
import { startHarness, type Harness } from '../helpers/engine-harness';
import { waitFor } from '../helpers/eventually';

const CUSTOMERS = {
  id: 'c0ffee000000000000000001',
  name: 'Customers',
  type: 'users_segment' as const,
  query: { traits_stage: 'customer' },
};

describe('echo loops', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({
      name: 'echo',
      settings: {
        synchronized_user_segments: [CUSTOMERS.id],
        outgoing_user_attributes: [
          { hull: 'name', service: 'name' },
          { hull: 'plan', service: 'custom_attributes.plan' },
        ],
        incoming_events: [...INCOMING_EVENT_TOPICS],
        fetch_leads: false,
        users_last_fetch_timestamp: Math.floor(Date.now() / 1000) - 3600,
      },
      intercom: { autoWebhooks: true },
      hull: { autoNotify: true },
    });
    harness.hull.upsertSegment(CUSTOMERS);
    harness.hull.setNotifyTarget(`${harness.apiUrl}/hull/notifications`);
    harness.intercom.setWebhook({ url: `${harness.apiUrl}/webhooks/intercom`, topics: [...DELIVERED_TOPICS] }, true);
  });

  afterAll(async () => {
    await harness?.stop();
  });

  const contactWrites = () =>
    harness.intercom.requestLog.filter((r) => (r.method === 'POST' && r.route === '/contacts') || r.method === 'PUT')
      .length;

  /** Waits until nothing has moved in Intercom, Hull or the notifier for a while. */
  async function settled() {
    let last = '';
    let stableSince = Date.now();
    await waitFor(
      'the echoes to die down',
      async () => {
        await harness.hull.flushNotifications();
        await harness.intercom.flushWebhooks();
        const now = `${harness.intercom.requestLog.length}:${harness.hull.firehoseBatches.length}:${harness.hull.notificationLog.length}`;
        if (now !== last) {
          last = now;
          stableSince = Date.now();
        }
        return Date.now() - stableSince > 3_000;
      },
      60_000,
    );
  }

  it('writes a Hull change to Intercom once, however often it comes back', async () => {
    const user = harness.hull.upsertUser(
      { email: 'echo@example.org' },
      { name: 'Echo', stage: 'customer', plan: 'pro' },
      { notify: true },
    );
    await waitFor('the contact to be created', () =>
      [...harness.intercom.store.contacts.values()].find((c) => c.email === 'echo@example.org'),
    );
    await settled();
    const writesAfterFirstRound = contactWrites();
    expect(writesAfterFirstRound).toBe(1);
    // The echoes really happened: Intercom told the engine about its own write, and Hull notified it of
    // the write-back and of the webhook's traits.
    expect(harness.intercom.webhookDeliveries.filter((d) => d.status === 200).map((d) => d.topic)).toContain(
      'contact.user.created',
    );
    expect(harness.hull.notificationLog.filter((n) => n.channel === 'user:update').length).toBeGreaterThanOrEqual(2);

    // The change comes back through the incremental fetch too.
    await harness.engine.temporalClient.workflow.execute(incrementalFetchWorkflow, {
      taskQueue: harness.taskQueue,
      workflowId: `echo-incremental-${randomUUID()}`,
      args: [{ entity: 'users' }],
    });
    await settled();
    const profile = harness.hull.findUser({ id: user.id })!;
    expect(profile.traits['intercom_user/name']).toBe('Echo'); // the fetch did write Intercom's copy to Hull
    expect(contactWrites()).toBe(writesAfterFirstRound);

    // A real change still goes through, once.
    harness.hull.upsertUser({ email: 'echo@example.org' }, { plan: 'enterprise' }, { notify: true });
    await waitFor('the update', () =>
      [...harness.intercom.store.contacts.values()].find((c) => c.custom_attributes.plan === 'enterprise'),
    );
    await settled();
    expect(contactWrites()).toBe(writesAfterFirstRound + 1);
  });
});
