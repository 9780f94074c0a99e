/**
 * Outgoing sync under trouble: 429 storms and 5xx never lose or fail a record; a 400 is a failure
 * with Intercom's reason, listed by GET /failures and re-driven by POST /failures/retry once fixed;
 * a refused token pauses outgoing sync (records wait) instead of failing every record.
 */
import { Secret } from '../../../src/config/secret';
import type { HullUser } from '@hull-intercom-sync/hull-simulator';
import { SANDBOX_CREDENTIALS } from '@hull-intercom-sync/intercom-simulator';
import { expectConformingTraffic, startHarness, type Harness } from '../../helpers/engine-harness';
import { eventually, waitFor } from '../../helpers/eventually';
import { postNotification, userMessage } from '../../helpers/hull-notifications';

const CUSTOMERS = { id: 'c0ffee000000000000000001', name: 'Customers' };

interface FailuresView {
  count: number;
  workflows: Array<{
    workflowId: string;
    entity: string;
    retry: { method: string; path: string; body: { workflowId: string } };
    failures: Array<{
      key: string;
      reason: string;
      errorType?: string;
      status?: number;
      code?: string;
      payload?: unknown;
    }>;
  }>;
  retryAll: { method: string; path: string; body: object };
}

describe('outgoing resilience', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({
      name: 'resilience',
      settings: {
        synchronized_user_segments: [CUSTOMERS.id],
        outgoing_user_attributes: [
          { hull: 'name', service: 'name' },
          { hull: 'owner', service: 'owner_id' },
          { hull: 'score', service: 'custom_attributes.score' },
        ],
        fetch_users: false,
        fetch_leads: false,
      },
      env: { INTERCOM_AUTH_PAUSE_SECONDS: '1' },
    });
    harness.hull.upsertSegment({ ...CUSTOMERS, type: 'users_segment' });
  });

  afterAll(async () => {
    await harness?.stop();
  });

  const failures = async (query = '') =>
    (await (await fetch(`${harness.apiUrl}/failures${query}`)).json()) as FailuresView;
  const contactsByEmail = (email: string) =>
    [...harness.intercom.store.contacts.values()].filter((c) => c.email === email);

  async function push(users: HullUser[], traits: (user: HullUser, index: number) => Record<string, unknown>) {
    for (let i = 0; i < users.length; i += 100) {
      const messages = users
        .slice(i, i + 100)
        .map((user, k) =>
          userMessage({ id: user.id, email: user.email!, traits: traits(user, i + k), segments: [CUSTOMERS] }),
        );
      const posted = await postNotification(harness, 'user:update', messages);
      expect(posted).toMatchObject({ status: 200, body: { accepted: messages.length } });
    }
  }

  it('writes every record once through a 429 storm and 20% server errors, failing none', async () => {
    const users = Array.from({ length: 200 }, (_, i) => harness.hull.upsertUser({ email: `storm-${i}@example.org` }));
    harness.intercom.resetRequestLog();
    harness.intercom.faults.set({ errorRate: 0.2, rateLimitStorm: { count: 40 } });
    try {
      await push(users, (_user, i) => ({ name: `Storm ${i}`, score: i }));
      await waitFor(
        'every user to be in Intercom',
        () => users.every((user) => contactsByEmail(user.email!).length === 1),
        120_000,
      );
    } finally {
      harness.intercom.faults.clear();
    }
    for (const [i, user] of users.entries()) {
      expect(contactsByEmail(user.email!)).toEqual([
        expect.objectContaining({ name: `Storm ${i}`, custom_attributes: { score: i } }),
      ]);
    }
    const statuses = harness.intercom.requestLog.map((r) => r.status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(40);
    expect(statuses.filter((s) => s >= 500).length).toBeGreaterThan(0);
    expect((await failures()).count).toBe(0);
    expectConformingTraffic(harness.intercom);
  });

  it('records a 400 as a failure with Intercom’s reason, and re-drives it once the cause is fixed', async () => {
    const user = harness.hull.upsertUser({ email: 'owned@example.org' });
    await push([user], () => ({ name: 'Owned', owner: '424242' }));
    const listed = await waitFor('the failure to be listed', async () => {
      const view = await failures();
      return view.workflows.find((w) => w.workflowId.endsWith(`/hull-user/${user.id}`));
    });
    // Compact: what, why (Intercom's status and code), since when, and the request that re-drives it.
    expect(listed).toEqual({
      workflowId: expect.stringMatching(new RegExp(`/hull-user/${user.id}$`)),
      entity: `hull-user/${user.id}`,
      type: 'hullUserSyncWorkflow',
      retry: { method: 'POST', path: '/failures/retry', body: { workflowId: listed.workflowId } },
      failures: [
        {
          key: user.id,
          what: `Hull user ${user.id} → Intercom`,
          errorType: 'IntercomRequestError',
          status: 400,
          code: 'parameter_invalid',
          reason: expect.stringMatching(
            /POST \/contacts failed with 400 parameter_invalid: Admin with id=424242 not found/,
          ),
          since: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        },
      ],
    });
    // The kept work (the whole Hull message) only when asked for, from the workflow itself.
    const compact = JSON.stringify(await failures());
    const detailed = await failures('?include=payload');
    const withPayload = detailed.workflows.find((w) => w.workflowId === listed.workflowId)!;
    expect(withPayload.failures).toEqual([
      expect.objectContaining({
        key: user.id,
        code: 'parameter_invalid',
        payload: expect.objectContaining({
          message: expect.objectContaining({ user: expect.objectContaining({ id: user.id }) }),
        }),
      }),
    ]);
    expect(compact).not.toContain('owned@example.org');
    console.log(
      `[figures] GET /failures for ${detailed.count} failure(s): ${compact.length} bytes compact, ${JSON.stringify(detailed).length} with include=payload`,
    );
    expect(contactsByEmail('owned@example.org')).toEqual([]);

    // The cause is fixed in Intercom (the admin now exists); re-drive the failed record.
    harness.intercom.store.admins.set('424242', {
      id: '424242',
      name: 'New Owner',
      email: 'owner@example.org',
      job_title: null,
      avatar: null,
      team_ids: [],
    });
    const retried = await fetch(`${harness.apiUrl}/failures/retry`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ workflowId: listed.workflowId }),
    });
    expect(retried.status).toBe(202);
    await waitFor('the re-driven record to be written', () => contactsByEmail('owned@example.org').length === 1);
    expect(contactsByEmail('owned@example.org')[0]).toMatchObject({ owner_id: '424242', name: 'Owned' });
    await eventually(async () => expect((await failures()).count).toBe(0));
  });

  it('folds a kept failure into the next update, so a later re-drive never writes the older state', async () => {
    const user = harness.hull.upsertUser({ email: 'stale@example.org' });
    await push([user], () => ({ name: 'Stale', owner: '777777' }));
    await waitFor('the failure to be listed', async () =>
      (await failures()).workflows.find((w) => w.workflowId.endsWith(`/hull-user/${user.id}`)),
    );

    // A newer update (the owner trait cleared in Hull) replaces the failed one and goes through.
    await push([user], () => ({ name: 'Fresh' }));
    await waitFor('the newer update to be written', () => contactsByEmail('stale@example.org')[0]?.name === 'Fresh');
    await eventually(async () => expect((await failures()).count).toBe(0));

    // Nothing is left to re-drive: the stale name and owner are never written.
    const retried = await fetch(`${harness.apiUrl}/failures/retry`, { method: 'POST' });
    expect(await retried.json()).toEqual({ retried: [] });
    expect(contactsByEmail('stale@example.org')).toEqual([expect.objectContaining({ name: 'Fresh', owner_id: null })]);
  });

  it('pauses outgoing sync while Intercom refuses the token, then resumes without losing a record', async () => {
    const users = Array.from({ length: 20 }, (_, i) => harness.hull.upsertUser({ email: `paused-${i}@example.org` }));
    harness.config.intercom.accessToken = new Secret('revoked-token');
    harness.intercom.resetRequestLog();
    try {
      await push(users, (_user, i) => ({ name: `Paused ${i}` }));
      await eventually(() =>
        expect(harness.hull.connectorStatus).toMatchObject({
          status: 'error',
          messages: [expect.stringMatching(/Intercom refused the credentials \(401/)],
        }),
      );
      // Waiting records are not failures, and they are not burnt one request each on the same 401.
      expect((await failures()).count).toBe(0);
      expect(harness.intercom.requestLog.filter((r) => r.status === 401).length).toBeLessThan(users.length);
    } finally {
      harness.config.intercom.accessToken = new Secret(SANDBOX_CREDENTIALS.accessToken);
    }
    await waitFor(
      'every paused record to be written',
      () => users.every((user) => contactsByEmail(user.email!).length === 1),
      60_000,
    );
    await eventually(() => expect(harness.hull.connectorStatus.status).toBe('ok'));
  });
});
