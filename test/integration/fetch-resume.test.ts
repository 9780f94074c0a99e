/**
 * A worker killed (SIGKILL, no chance to clean up) in the middle of a fetch-all: a new worker picks
 * the run up where it was, and when it completes Hull holds every contact exactly once.
 */
import { completedRun, startHarness, type Harness } from '../helpers/engine-harness';
import { waitFor } from '../helpers/eventually';
import { spawnWorker, type WorkerProcess } from '../helpers/worker-process';

describe('fetch all survives a killed worker', () => {
  let harness: Harness;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    harness = await startHarness({ name: 'resume', role: 'api' });
    harness.intercom.seed({ users: 3_000, leads: 0, companies: 50, seed: 5 });
  });

  afterAll(async () => {
    for (const worker of workers) if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
    await harness?.stop();
  });

  it('resumes on another worker with nothing lost and nothing duplicated', async () => {
    // Slow pages down so the kill lands mid-run.
    harness.intercom.faults.set({ latencyMs: 250, match: { path: /^\/contacts\/search/ } });
    const first = spawnWorker(harness);
    workers.push(first);
    const started = await fetch(`${harness.apiUrl}/actions/fetch-all/users`, { method: 'POST' });
    expect(started.status).toBe(202);
    const { workflowId, status } = (await started.json()) as { workflowId: string; status: string };

    const usersInHull = () => harness.hull.users().filter((u) => u.traits['intercom_user/id'] !== undefined).length;
    await waitFor('a few pages to reach Hull', () => usersInHull() >= 450, 120_000);
    first.child.kill('SIGKILL');
    await first.exited;
    const atKill = usersInHull();
    expect(atKill).toBeLessThan(3_000);

    const second = spawnWorker(harness);
    workers.push(second);
    const progress = await completedRun(harness, status, 180_000);

    // Every contact once: one Hull profile per Intercom user, none missing, none doubled.
    const contacts = [...harness.intercom.store.contacts.values()];
    const profiles = harness.hull.users().filter((u) => u.traits['intercom_user/id'] !== undefined);
    expect(profiles).toHaveLength(contacts.length);
    expect(new Set(profiles.map((p) => p.traits['intercom_user/id'])).size).toBe(contacts.length);
    for (const contact of contacts)
      expect(harness.hull.findUser({ anonymous_id: `intercom-user:user-${contact.id}` })).toBeDefined();
    expect(progress).toMatchObject({ done: true, fetched: 3_000, written: 3_000 });

    // The history shows pages run by both worker processes: the run moved, it did not restart.
    const history = await harness.engine.temporalClient.workflow.getHandle(workflowId).fetchHistory();
    const identities = new Set(
      (history.events ?? []).flatMap((e) =>
        e.activityTaskStartedEventAttributes ? [e.activityTaskStartedEventAttributes.identity] : [],
      ),
    );
    expect(identities.size).toBe(2);
    console.log(
      `[figures] killed the worker with ${atKill} users in Hull; resumed and completed with ${profiles.length}`,
    );
  });
});
