/**
 * The one retry policy: the Intercom and Hull clients make each call once, and a 5xx from either
 * fails the activity attempt, which Temporal's activity retry policy repeats until it succeeds. A
 * fetch-all run through server errors on both sides still writes every record, and the retried
 * attempts are in the workflow's history (its started event keeps the attempt number and the
 * previous attempt's failure).
 */
import type { temporal } from '@temporalio/proto';
import { completedRun, startHarness, type Harness } from '../helpers/engine-harness';
import { waitFor } from '../helpers/eventually';

describe('retries of server errors', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({ name: 'retries' });
    harness.intercom.seed({ users: 200, leads: 0, companies: 0, seed: 5 });
  });

  afterAll(async () => {
    await harness?.stop();
  });

  /** The activity attempts that started after an earlier attempt of the same activity had failed. */
  async function retriedAttempts(workflowId: string): Promise<temporal.api.history.v1.IHistoryEvent[]> {
    const history = await harness.engine.temporalClient.workflow.getHandle(workflowId).fetchHistory();
    return (history.events ?? []).filter((event) => (event.activityTaskStartedEventAttributes?.attempt ?? 1) > 1);
  }

  it('writes every record of a fetch-all through a Hull 5xx and an Intercom 5xx, retried by Temporal', async () => {
    const workflowId = `hull-intercom/${harness.hull.connectorId}/fetch-all/users`;
    harness.hull.setFailures({ target: 'firehose', status: 503, times: 1 });
    harness.intercom.faults.set({ errorRate: 1, match: { method: 'POST', path: /^\/contacts\/search$/ } });
    const started = await fetch(`${harness.apiUrl}/actions/fetch-all/users`, { method: 'POST' });
    expect(started.status).toBe(202);
    // Intercom answers 5xx until the first failure is seen; the activity's next attempt then gets through.
    await waitFor('an Intercom 5xx', () =>
      harness.intercom.requestLog.some((request) => request.path === '/contacts/search' && request.status >= 500),
    );
    harness.intercom.faults.clear();

    const progress = await completedRun(harness, `/runs/${workflowId}`, 120_000);
    const users = [...harness.intercom.store.contacts.values()].filter((contact) => contact.role === 'user');
    expect(progress).toMatchObject({ done: true, fetched: users.length, written: users.length });
    for (const user of users) {
      expect(harness.hull.findUser({ anonymous_id: `intercom-user:user-${user.id}` })).toBeDefined();
    }
    // Both failures happened, and the clients did not repeat the calls: Temporal's next attempts did.
    expect(harness.hull.requestLog.filter((entry) => entry.target === 'firehose' && entry.status === 503)).toHaveLength(
      1,
    );
    const retried = await retriedAttempts(workflowId);
    expect(retried.length).toBeGreaterThanOrEqual(1);
    const lastFailures = retried.map((event) => event.activityTaskStartedEventAttributes?.lastFailure?.message ?? '');
    for (const message of lastFailures) {
      expect(message).toMatch(/^(Intercom POST \/contacts\/search failed with 5\d\d|Hull POST .* answered 503)/);
    }
  });
});
