/**
 * The operations share the app's one rate budget: 500 creates fired at once against a workspace that allows
 * 100 requests per 10-second window (600 a minute) all complete (200, or 202 then COMPLETED), each contact
 * once, and no caller ever sees a 429: the Intercom queue's rate cap and the governor pace them, and a 429
 * that still happens waits for its window inside the activity. A 5xx is retried.
 */
import { expectConformingTraffic, startHarness, type Harness } from '../../helpers/engine-harness';
import { endedRun, operate } from '../../helpers/operations';

const OPERATIONS = 500;
const PER_MINUTE = 600;
const PER_WINDOW = PER_MINUTE / 6;

describe('operations: the shared rate budget', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({
      name: 'op-budget',
      settings: { fetch_users: false, fetch_leads: false },
      intercom: { rateLimitPerMinute: PER_MINUTE },
      env: { INTERCOM_RATE_LIMIT_PER_MINUTE: String(PER_MINUTE) },
    });
  });

  afterAll(async () => {
    await harness?.stop();
  });

  afterEach(() => expectConformingTraffic(harness.intercom));

  it(`runs ${OPERATIONS} operations fired at once within the budget, none answered 429`, async () => {
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: OPERATIONS }, (_, i) =>
        operate<{ id?: string; run?: string }>(
          harness,
          'contacts.create',
          { role: 'lead', email: `burst${i}@example.com` },
          { key: `burst-${i}` },
        ),
      ),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status !== 200 && status !== 202)).toEqual([]);
    for (const answer of answers.filter((a) => a.status === 202)) {
      expect(await endedRun(harness, answer.body.run!)).toMatchObject({ status: 'COMPLETED' });
    }

    const creates = harness.intercom.requestLog.filter((r) => r.method === 'POST' && r.route === '/contacts');
    const accepted = creates.filter((r) => r.status === 200);
    expect(accepted).toHaveLength(OPERATIONS);
    const emails = new Set([...harness.intercom.store.contacts.values()].map((c) => c.email));
    for (let i = 0; i < OPERATIONS; i += 1) expect(emails.has(`burst${i}@example.com`)).toBe(true);
    // What Intercom accepted in each of its 10-second windows stayed within the window's allowance.
    const perWindow = new Map<number, number>();
    for (const record of accepted) {
      const window = Math.floor(record.at / 10_000);
      perWindow.set(window, (perWindow.get(window) ?? 0) + 1);
    }
    expect(Math.max(...perWindow.values())).toBeLessThanOrEqual(PER_WINDOW);
    console.log(
      `${OPERATIONS} operations: ${statuses.filter((s) => s === 200).length} answered 200, ` +
        `${statuses.filter((s) => s === 202).length} answered 202 then completed, in ${Date.now() - started} ms; ` +
        `Intercom answered ${creates.filter((r) => r.status === 429).length} requests 429 (waited for, never passed on); ` +
        `most accepted in one window: ${Math.max(...perWindow.values())} of ${PER_WINDOW}`,
    );
    // The budget alone needs five windows (50 s) for 500 requests: room for a machine that is busy too.
  }, 360_000);

  it('retries a 5xx, and answers the result', async () => {
    harness.intercom.faults.set({ errorRate: 1, match: { method: 'PUT', path: /^\/contacts\// } });
    const contact = harness.intercom.createContact({ role: 'lead', email: 'flaky@example.com' });
    const pending = operate<{ name?: string; run?: string }>(
      harness,
      'contacts.update',
      { contact_id: contact.id as string, name: 'Flaky' },
      { wait: 60 },
    );
    const failedOnce = () =>
      harness.intercom.requestLog.some(
        (r) => r.method === 'PUT' && r.route === '/contacts/{contact_id}' && r.status >= 500,
      );
    for (let i = 0; i < 600 && !failedOnce(); i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    harness.intercom.faults.clear();
    const answer = await pending;
    expect(answer.status).toBe(200);
    expect(answer.body.name).toBe('Flaky');
    const attempts = harness.intercom.requestLog.filter(
      (r) => r.method === 'PUT' && r.route === '/contacts/{contact_id}',
    );
    expect(attempts.filter((r) => r.status >= 500).length).toBeGreaterThanOrEqual(1);
    expect(attempts.at(-1)?.status).toBe(200);
  });
});
