/**
 * A long fetch can be followed while it runs: GET /runs/<id> answers pages, records, Intercom's total,
 * the rate, an ETA, and what the run is doing or waiting for right now (here: a rate window it leaves
 * to live traffic), on a tight rate budget where a page regularly waits for the window to reset.
 */
import type { RunProgress } from '../../src/shared/run-progress';
import { waitFor } from '../helpers/eventually';
import { completedRun, startHarness, type Harness } from '../helpers/engine-harness';

interface RunAnswer {
  status: string;
  progress?: RunProgress;
}

describe('the progress of a fetch run', () => {
  let harness: Harness;

  beforeAll(async () => {
    // 60 requests a minute: six windows of 10, of which background work leaves 3 to live traffic.
    harness = await startHarness({ name: 'run-progress', intercom: { rateLimitPerMinute: 60 } });
    harness.intercom.seed({ users: 1_500, leads: 10, companies: 20, seed: 5 });
  });

  afterAll(async () => {
    await harness?.stop();
  });

  const answer = async (path: string): Promise<RunAnswer> =>
    (await (await fetch(`${harness.apiUrl}${path}`)).json()) as RunAnswer;

  it('says what a running fetch-all is waiting for, with its total, rate and ETA, and ends with the counts', async () => {
    const started = await fetch(`${harness.apiUrl}/actions/fetch-all/users`, { method: 'POST' });
    expect(started.status).toBe(202);
    const { status } = (await started.json()) as { status: string };

    const waiting = await waitFor('the run to wait for the rate window', async () => {
      const current = await answer(status);
      return /^rate window: live traffic first/.test(current.progress?.waiting ?? '') ? current : undefined;
    });
    expect(waiting.status).toBe('RUNNING');
    expect(waiting.progress!.activity).toMatchObject({ activity: 'fetchContactsPage', state: 'STARTED' });

    const moving = await waitFor('a page recorded with the total and an ETA', async () => {
      const { progress } = await answer(status);
      return progress !== undefined && progress.pages > 0 && !progress.done ? progress : undefined;
    });
    const users = [...harness.intercom.store.contacts.values()].filter((c) => c.role === 'user').length;
    expect(moving.total).toBe(users);
    expect(moving.recordsPerSecond).toBeGreaterThan(0);
    expect(moving.estimatedSecondsLeft).toBeGreaterThanOrEqual(0);
    expect(moving.fetched).toBeLessThanOrEqual(users);

    const done = await completedRun(harness, status, 240_000);
    expect(done).toMatchObject({ done: true, fetched: users, total: users });
    const final = await answer(status);
    expect(final.progress).toMatchObject({ done: true, fetched: users, total: users });
    expect(final.progress!.activity).toBeUndefined();
    expect(final.progress!.waiting).toBeUndefined();
  });

  it('gives a companies run a total (the scroll reports none: a one-company list request counts them)', async () => {
    const started = await fetch(`${harness.apiUrl}/actions/fetch-all/companies`, { method: 'POST' });
    const { status } = (await started.json()) as { status: string };
    const done = await completedRun(harness, status, 120_000);
    const listed = harness.intercom.listedCompanies().length;
    expect(done).toMatchObject({ done: true, fetched: listed, total: listed });
  });
});
