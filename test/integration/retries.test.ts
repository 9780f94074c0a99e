/**
 * Server errors that outlast the clients' quick retries (three tries within about a second) fail the
 * activity attempt, and Temporal's activity retry policy repeats it until it succeeds: a fetch-all
 * run through such errors on both sides still writes every record, and the retried attempts are in
 * the workflow's history (its started event keeps the attempt number and the previous failure).
 */
import type { temporal } from '@temporalio/proto';
import { completedRun, startHarness, type Harness } from '../helpers/engine-harness';
import { waitFor } from '../helpers/eventually';

describe('server errors the clients cannot absorb', () => {
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

  it('writes every record of a fetch-all through Hull and Intercom 5xx that outlast the clients’ quick retries', async () => {
    const workflowId = `hull-intercom/${harness.hull.connectorId}/fetch-all/users`;
    // Three failures in a row: more than the Hull client's quick retries absorb.
    harness.hull.setFailures({ target: 'firehose', status: 503, times: 3 });
    harness.intercom.faults.set({ errorRate: 1, match: { method: 'POST', path: /^\/contacts\/search$/ } });
    const started = await fetch(`${harness.apiUrl}/actions/fetch-all/users`, { method: 'POST' });
    expect(started.status).toBe(202);
    // Intercom answers 5xx until the client's three tries of one request have failed; a later attempt of
    // the activity then gets through.
    await waitFor(
      'three Intercom 5xx',
      () =>
        harness.intercom.requestLog.filter((request) => request.path === '/contacts/search' && request.status >= 500)
          .length >= 3,
    );
    harness.intercom.faults.clear();

    const progress = await completedRun(harness, `/runs/${workflowId}`, 120_000);
    const users = [...harness.intercom.store.contacts.values()].filter((contact) => contact.role === 'user');
    expect(progress).toMatchObject({ done: true, fetched: users.length, written: users.length });
    for (const user of users) {
      expect(harness.hull.findUser({ anonymous_id: `intercom-user:user-${user.id}` })).toBeDefined();
    }
    // Every injected failure happened, more of them than a client retries one call: Temporal's attempts did the rest.
    expect(harness.hull.requestLog.filter((entry) => entry.target === 'firehose' && entry.status === 503)).toHaveLength(
      3,
    );
    const retried = await retriedAttempts(workflowId);
    expect(retried.length).toBeGreaterThanOrEqual(1);
    const lastFailures = retried.map((event) => event.activityTaskStartedEventAttributes?.lastFailure?.message ?? '');
    for (const message of lastFailures) {
      expect(message).toMatch(/^(Intercom POST \/contacts\/search failed with 5\d\d|Hull POST .* answered 503)/);
    }
  });
});
