/**
 * A worker killed (SIGKILL) in the middle of a push of new users whose tags are batched in the
 * worker process: the writes waiting for their tag request die with it, Temporal retries them on a
 * new worker, and when the push completes every user is one contact carrying its tag, its id stored
 * in Hull. Nothing kept only in the dead process is lost.
 */
import { startHarness, type Harness } from '../../helpers/engine-harness';
import { waitFor } from '../../helpers/eventually';
import { postNotification, userMessage } from '../../helpers/hull-notifications';
import { spawnWorker, type WorkerProcess } from '../../helpers/worker-process';

const CUSTOMERS = { id: 'c0ffee000000000000000001', name: 'Customers' };
const USERS = 150;

describe('a push survives a killed worker', () => {
  let harness: Harness;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    harness = await startHarness({
      name: 'push-kill',
      role: 'api',
      settings: {
        synchronized_user_segments: [CUSTOMERS.id],
        outgoing_user_attributes: [{ hull: 'name', service: 'name' }],
        fetch_users: false,
        fetch_leads: false,
      },
    });
    harness.hull.upsertSegment({ ...CUSTOMERS, type: 'users_segment' });
  });

  afterAll(async () => {
    for (const worker of workers) if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
    await harness?.stop();
  });

  it('writes every user once with its tag, none lost, none doubled', async () => {
    const users = Array.from({ length: USERS }, (_, i) => harness.hull.upsertUser({ email: `kill-${i}@example.org` }));
    // Slow the tag requests down, so the kill lands while writes wait for theirs.
    harness.intercom.faults.set({ latencyMs: 1_500, match: { method: 'POST', path: /^\/tags$/ } });
    const first = spawnWorker(harness);
    workers.push(first);
    for (let i = 0; i < users.length; i += 50) {
      const messages = users
        .slice(i, i + 50)
        .map((user) =>
          userMessage({ id: user.id, email: user.email!, traits: { name: user.email }, segments: [CUSTOMERS] }),
        );
      expect(await postNotification(harness, 'user:update', messages)).toMatchObject({ status: 200 });
    }

    const contacts = () => [...harness.intercom.store.contacts.values()].filter((c) => c.email?.startsWith('kill-'));
    await waitFor('some users to be created', () => contacts().length >= 20, 120_000);
    first.child.kill('SIGKILL');
    await first.exited;
    const atKill = contacts().length;
    harness.intercom.faults.clear();

    workers.push(spawnWorker(harness));
    const stored = (id: string) => harness.hull.findUser({ id })?.traits['intercom_user/id'];
    const tagged = (contactId: unknown) => {
      const tag = [...harness.intercom.store.tags.values()].find((t) => t.name === CUSTOMERS.name);
      return tag !== undefined && harness.intercom.store.contactTags.get(String(contactId))?.has(tag.id) === true;
    };
    // A write killed after its write-back to Hull but before its tag went out is retried by the new
    // worker (its create answers 409, then it tags): wait for the ids and the tags alike.
    await waitFor(
      'every user to be written and tagged',
      () => users.every((user) => stored(user.id) !== undefined && tagged(stored(user.id))),
      180_000,
    );

    const tag = [...harness.intercom.store.tags.values()].find((t) => t.name === CUSTOMERS.name)!;
    for (const user of users) {
      const matching = contacts().filter((c) => c.email === user.email);
      expect(matching).toHaveLength(1);
      expect(stored(user.id)).toBe(matching[0]!.id);
      expect(harness.intercom.store.contactTags.get(matching[0]!.id)?.has(tag.id)).toBe(true);
    }
    // No write was given up on: nothing is kept as a failure.
    const failures = (await (await fetch(`${harness.apiUrl}/failures`)).json()) as { count: number };
    expect(failures.count).toBe(0);
    console.log(`[figures] killed the worker with ${atKill} of ${USERS} users created; all ${USERS} written once`);
  });
});
