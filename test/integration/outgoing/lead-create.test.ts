/**
 * An ambiguous lead create never makes a twin (issue 14, item 8). Intercom lets two leads share an
 * email, so a create whose answer is lost while the search index still trails it would, retried
 * after a lookup, create the lead again. Here the simulator applies the create and drops its answer
 * (or drops the request unapplied) while its search lags, and each lead must exist exactly once.
 */
import type { HullUser } from '@hull-intercom-sync/hull-simulator';
import type { ContactRecord } from '@hull-intercom-sync/intercom-simulator';
import { LEAD_MARKER_ATTRIBUTE } from '../../../src/activities/outgoing/lead-create';
import { workflowIds } from '../../../src/shared/workflow-ids';
import { expectConformingTraffic, startHarness, type Harness } from '../../helpers/engine-harness';
import { waitFor } from '../../helpers/eventually';
import { postNotification, userMessage, writtenFor } from '../../helpers/hull-notifications';

const LEADS = { id: 'c0ffee000000000000000003', name: 'Leads' };

describe('ambiguous lead creates', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({
      name: 'lead-create',
      settings: {
        synchronized_user_segments: [],
        synchronized_lead_segments: [LEADS.id],
        outgoing_lead_attributes: [{ hull: 'name', service: 'name' }],
        fetch_users: false,
        fetch_leads: false,
      },
      // Search shows a new contact 2 s after its create; the engine allows it 6 s before creating again.
      intercom: { searchIndexLagMs: 2_000 },
      env: { INTERCOM_SEARCH_INDEX_LAG_SECONDS: '6' },
    });
    harness.hull.upsertSegment({ ...LEADS, type: 'users_segment' });
  });

  afterAll(async () => {
    await harness?.stop();
  });

  afterEach(() => {
    harness.intercom.faults.clear();
    expectConformingTraffic(harness.intercom);
  });

  const leadsWithEmail = (email: string): ContactRecord[] =>
    [...harness.intercom.store.contacts.values()].filter((c) => c.email === email && c.role === 'lead');

  async function send(user: HullUser, name: string) {
    const posted = await postNotification(harness, 'user:update', [
      userMessage({ id: user.id, email: user.email ?? undefined, traits: { name }, segments: [LEADS] }),
    ]);
    expect(posted).toMatchObject({ status: 200, body: { accepted: 1 } });
    return writtenFor(harness, workflowIds.hullUser(harness.hull.connectorId, user.id), posted.notificationId, 60_000);
  }

  it('adopts the lead a create made when its answer was lost, for each of three leads: no twin', async () => {
    const users = ['one', 'two', 'three'].map((name) => harness.hull.upsertUser({ email: `lost-${name}@example.org` }));
    // Every lead's first create is applied, and its answer never arrives.
    harness.intercom.faults.set({ dropAnswers: 3, match: { method: 'POST', path: /^\/contacts$/ } });
    const writes = await Promise.all(users.map((user, i) => send(user, `Lost ${i}`)));
    for (const [i, user] of users.entries()) {
      const leads = leadsWithEmail(user.email!);
      expect(leads).toEqual([
        expect.objectContaining({ name: `Lost ${i}`, custom_attributes: { [LEAD_MARKER_ATTRIBUTE]: user.id } }),
      ]);
      expect(harness.hull.findUser({ id: user.id })?.traits['intercom_lead/id']).toBe(leads[0]!.id);
      expect(writes[i]!.outcome).toBe('created');
      expect(writes[i]!.notes.join(' ')).toMatch(
        /an earlier attempt created lead [0-9a-f]{24} \(its answer was lost\)/,
      );
    }
  });

  it('creates the lead once the index can be trusted when the lost request was never applied', async () => {
    const user = harness.hull.upsertUser({ email: 'dropped@example.org' });
    harness.intercom.faults.set({ dropRate: 1, match: { method: 'POST', path: /^\/contacts$/ } });
    const mark = harness.intercom.requestLog.length;
    const sent = send(user, 'Dropped');
    // The first attempt's request is dropped unapplied; the retries (a second or more later) go through.
    await waitFor('the first create to be dropped', () =>
      harness.intercom.requestLog.slice(mark).some((r) => r.path === '/contacts' && r.status === 0),
    );
    harness.intercom.faults.clear();
    const write = await sent;
    expect(leadsWithEmail('dropped@example.org')).toHaveLength(1);
    expect(write.notes.join(' ')).toMatch(/the earlier create did not happen, creating it now/);
  });

  it('reports twin leads it finds carrying one Hull user’s marker', async () => {
    const user = harness.hull.upsertUser({ email: 'twins@example.org' });
    const attributes = [...harness.intercom.store.dataAttributes.values()];
    if (!attributes.some((a) => a.model === 'contact' && a.name === LEAD_MARKER_ATTRIBUTE)) {
      harness.intercom.createDataAttribute({ name: LEAD_MARKER_ATTRIBUTE, model: 'contact', data_type: 'string' });
    }
    // Two leads an earlier deployment left for this user, both visible to search.
    const twins = [1, 2].map((n) =>
      harness.intercom.createContact({
        role: 'lead',
        email: `twin-${n}@example.org`,
        custom_attributes: { [LEAD_MARKER_ATTRIBUTE]: user.id },
      }),
    );
    for (const twin of twins) harness.intercom.store.searchVisibleFrom.delete(String(twin.id));
    harness.intercom.faults.set({ dropAnswers: 1, match: { method: 'POST', path: /^\/contacts$/ } });
    const write = await send(user, 'Twins');
    expect(write.notes.join(' ')).toContain(
      `twin leads in Intercom for Hull user ${user.id}: ${String(twins[0]!.id)}, ${String(twins[1]!.id)}`,
    );
  });
});
