/**
 * Hull → Intercom for users and leads (issue 4), through the real notification endpoint, Temporal
 * and both simulators: mapped fields with data attributes created on demand, diffs, lead-wins routing,
 * coalescing of bursts, the 409 path, tags, events and lead conversion.
 */
import type { HullUser } from '@hull-intercom-sync/hull-simulator';
import type { ContactRecord } from '@hull-intercom-sync/intercom-simulator';
import { workflowIds } from '../../../src/shared/workflow-ids';
import { expectConformingTraffic, startHarness, type Harness } from '../../helpers/engine-harness';
import { postNotification, userMessage, writtenFor, type UserMessageInput } from '../../helpers/hull-notifications';

const CUSTOMERS = { id: 'c0ffee000000000000000001', name: 'Customers' };
const BETA = { id: 'c0ffee000000000000000002', name: 'Beta' };
const LEADS = { id: 'c0ffee000000000000000003', name: 'Leads' };

describe('outgoing users and leads', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({
      name: 'outgoing-users',
      settings: {
        synchronized_user_segments: [CUSTOMERS.id, BETA.id],
        synchronized_lead_segments: [LEADS.id],
        outgoing_user_attributes: [
          { hull: 'name', service: 'name' },
          { hull: 'plan', service: 'custom_attributes.plan' },
          { hull: 'seats', service: 'custom_attributes.seats' },
          { hull: 'trial_ends_at', service: 'custom_attributes.trial_ends_at' },
          { hull: 'account.industry', service: 'custom_attributes.company_industry' },
        ],
        outgoing_lead_attributes: [{ hull: 'name', service: 'name' }],
        outgoing_events: ['Order Placed'],
        convert_leads: true,
        fetch_users: false,
        fetch_leads: false,
      },
      // Intercom's search lags behind creations; long here so lookups never find fresh contacts.
      intercom: { searchIndexLagMs: 600_000 },
    });
    for (const segment of [CUSTOMERS, BETA, LEADS]) harness.hull.upsertSegment({ ...segment, type: 'users_segment' });
  });

  afterAll(async () => {
    await harness?.stop();
  });

  afterEach(() => expectConformingTraffic(harness.intercom));

  /** A Hull user that exists in the Hull simulator (write-backs address it by id). */
  const hullUser = (email: string, traits: Record<string, unknown> = {}): HullUser =>
    harness.hull.upsertUser({ email }, traits);

  async function send(user: HullUser, input: Omit<UserMessageInput, 'id' | 'email'>) {
    const posted = await postNotification(harness, 'user:update', [
      userMessage({ id: user.id, email: user.email ?? undefined, ...input }),
    ]);
    expect(posted).toMatchObject({ status: 200, body: { accepted: 1, rejected: [] } });
    return writtenFor(harness, workflowIds.hullUser(harness.hull.connectorId, user.id), posted.notificationId);
  }

  const contactsWithEmail = (email: string): ContactRecord[] =>
    [...harness.intercom.store.contacts.values()].filter((c) => c.email === email);

  const requestsSince = (index: number) =>
    harness.intercom.requestLog.slice(index).map((r) => `${r.method} ${r.route}`);

  it('creates a user with standard and custom fields, creating the data attributes with their types', async () => {
    const user = hullUser('ada@example.org');
    const write = await send(user, {
      external_id: 'u-ada',
      traits: { name: 'Ada Lovelace', plan: 'pro', seats: 12, trial_ends_at: '2026-12-01T00:00:00Z' },
      account: { id: 'acc-1', industry: 'Aerospace' },
      segments: [CUSTOMERS],
    });
    expect(write.outcome).toBe('created');
    const [contact] = contactsWithEmail('ada@example.org');
    expect(contact).toMatchObject({ role: 'user', name: 'Ada Lovelace', external_id: 'u-ada' });
    expect(contact!.custom_attributes).toEqual({
      plan: 'pro',
      seats: 12,
      trial_ends_at: Date.parse('2026-12-01T00:00:00Z') / 1000,
      company_industry: 'Aerospace',
    });
    const types = Object.fromEntries(
      [...harness.intercom.store.dataAttributes.values()]
        .filter((a) => a.model === 'contact')
        .map((a) => [a.name, a.data_type]),
    );
    expect(types).toMatchObject({
      plan: 'string',
      seats: 'integer',
      trial_ends_at: 'date',
      company_industry: 'string',
    });
    // The Intercom id is stored back on the Hull profile.
    expect(harness.hull.findUser({ id: user.id })?.traits['intercom_user/id']).toBe(contact!.id);
  });

  it('sends only what changed: one PUT with the changed field, and nothing when nothing changed', async () => {
    const user = hullUser('grace@example.org');
    const base = { traits: { name: 'Grace Hopper', plan: 'pro', seats: 3 }, segments: [CUSTOMERS] };
    await send(user, base);
    const [contact] = contactsWithEmail('grace@example.org');

    let mark = harness.intercom.requestLog.length;
    const changed = await send(user, { ...base, traits: { ...base.traits, seats: 4 } });
    expect(requestsSince(mark)).toEqual(['PUT /contacts/{contact_id}']);
    expect(changed).toMatchObject({ outcome: 'updated', requests: 1 });
    expect(harness.intercom.requestLog[mark]!.body).toEqual({ role: 'user', custom_attributes: { seats: 4 } });
    expect(harness.intercom.store.contacts.get(contact!.id)!.custom_attributes.seats).toBe(4);

    mark = harness.intercom.requestLog.length;
    const unchanged = await send(user, { ...base, traits: { ...base.traits, seats: 4 } });
    expect(unchanged).toMatchObject({ outcome: 'unchanged', requests: 0 });
    expect(requestsSince(mark)).toEqual([]);
  });

  it('sends a user who is in both the user and the lead filter as a lead', async () => {
    const user = hullUser('both@example.org');
    await send(user, { traits: { name: 'In Both' }, segments: [CUSTOMERS, LEADS] });
    expect(contactsWithEmail('both@example.org')).toEqual([expect.objectContaining({ role: 'lead', name: 'In Both' })]);
    expect(harness.hull.findUser({ id: user.id })?.traits['intercom_lead/id']).toBeDefined();
  });

  it('skips a user in no synchronized segment, with the reason', async () => {
    const user = hullUser('nobody@example.org');
    const write = await send(user, { traits: { name: 'Nobody' }, segments: [] });
    expect(write.outcome).toBe('skipped');
    expect(write.reason).toMatch(/not in any synchronized segment/);
    expect(contactsWithEmail('nobody@example.org')).toEqual([]);
  });

  it('turns a burst of ten updates into one contact with the latest values', async () => {
    const user = hullUser('burst@example.org');
    const workflowId = workflowIds.hullUser(harness.hull.connectorId, user.id);
    // Slow Intercom down so the burst arrives while the first write is in flight.
    harness.intercom.faults.set({ latencyMs: 400, match: { method: 'POST', path: /^\/contacts$/ } });
    const mark = harness.intercom.requestLog.length;
    let last = '';
    try {
      for (let seats = 0; seats < 10; seats += 1) {
        const posted = await postNotification(harness, 'user:update', [
          userMessage({
            id: user.id,
            email: 'burst@example.org',
            traits: { name: 'Burst', seats },
            segments: [CUSTOMERS],
          }),
        ]);
        last = posted.notificationId;
      }
      await writtenFor(harness, workflowId, last);
    } finally {
      harness.intercom.faults.clear();
    }
    const contacts = contactsWithEmail('burst@example.org');
    expect(contacts).toHaveLength(1);
    expect(contacts[0]!.custom_attributes.seats).toBe(9);
    const writes = requestsSince(mark).filter((r) => r === 'POST /contacts' || r === 'PUT /contacts/{contact_id}');
    expect(writes.length).toBeGreaterThanOrEqual(1);
    expect(writes.length).toBeLessThanOrEqual(2);
  });

  it('never creates two contacts for ten concurrent updates of a new user', async () => {
    const user = hullUser('concurrent@example.org');
    const posted = await Promise.all(
      Array.from({ length: 10 }, (_, seats) =>
        postNotification(harness, 'user:update', [
          userMessage({ id: user.id, email: 'concurrent@example.org', traits: { seats }, segments: [CUSTOMERS] }),
        ]),
      ),
    );
    expect(posted.every((p) => p.status === 200)).toBe(true);
    const workflowId = workflowIds.hullUser(harness.hull.connectorId, user.id);
    for (const { notificationId } of posted) await writtenFor(harness, workflowId, notificationId);
    expect(contactsWithEmail('concurrent@example.org')).toHaveLength(1);
  });

  it('updates the existing contact when Intercom answers 409 to a create', async () => {
    // The contact exists but is not searchable yet, so resolution finds nothing and the create conflicts.
    const existing = harness.intercom.createContact({ role: 'user', email: 'conflict@example.org', name: 'Old Name' });
    const user = hullUser('conflict@example.org');
    const write = await send(user, { traits: { name: 'New Name' }, segments: [CUSTOMERS] });
    expect(write.outcome).toBe('updated');
    expect(write.notes.join(' ')).toMatch(/409 conflict, id [0-9a-f]{24}/);
    const contacts = contactsWithEmail('conflict@example.org');
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({ id: existing.id, name: 'New Name' });
    expect(harness.hull.findUser({ id: user.id })?.traits['intercom_user/id']).toBe(existing.id);
  });

  it('mirrors synchronized segments as tags, and removes only the tags it manages', async () => {
    const user = hullUser('tags@example.org');
    await send(user, { traits: { name: 'Tagged' }, segments: [CUSTOMERS, BETA], entered: [CUSTOMERS, BETA] });
    const [contact] = contactsWithEmail('tags@example.org');
    const tagNames = () =>
      [...(harness.intercom.store.contactTags.get(contact!.id)?.keys() ?? [])]
        .map((id) => harness.intercom.store.tags.get(id)!.name)
        .sort();
    expect(tagNames()).toEqual(['Beta', 'Customers']);

    harness.intercom.tagContact(contact!.id, 'VIP'); // a tag someone made in Intercom
    await send(user, { traits: { name: 'Tagged' }, segments: [CUSTOMERS], left: [BETA] });
    expect(tagNames()).toEqual(['Customers', 'VIP']);
  });

  it('sends whitelisted events once, with metadata flattened to Intercom limits', async () => {
    const user = hullUser('events@example.org');
    const properties: Record<string, unknown> = { total: 42, currency: 'EUR', items: { count: 3, sku: 'A-1' } };
    for (let i = 0; i < 10; i += 1) properties[`extra_${i}`] = i;
    const order = {
      event_id: 'evt-1',
      event: 'Order Placed',
      created_at: '2026-11-20T10:00:00Z',
      properties,
      event_source: 'shop',
    };
    const events = [
      order,
      { event_id: 'evt-2', event: 'Page Viewed', created_at: '2026-11-20T10:01:00Z', properties: {} },
      {
        event_id: 'evt-3',
        event: 'Order Placed',
        created_at: '2026-11-20T10:02:00Z',
        properties: {},
        event_source: 'intercom',
      },
    ];
    const write = await send(user, { traits: { name: 'Shopper' }, segments: [CUSTOMERS], events });
    const [contact] = contactsWithEmail('events@example.org');
    const sent = harness.intercom.store.events.get(contact!.id) ?? [];
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      event_name: 'Order Placed',
      created_at: Date.parse('2026-11-20T10:00:00Z') / 1000,
    });
    // 14 keys once flattened: top-level keys first, alphabetically, up to Intercom's 10; the rest reported.
    expect(sent[0]!.metadata).toEqual({
      currency: 'EUR',
      ...Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`extra_${i}`, i])),
    });
    expect(write.notes.join(' ')).toMatch(/metadata dropped \(Intercom keeps 10 flat keys\): .*items_count.*total/);

    // The same event delivered again is not sent again.
    const mark = harness.intercom.requestLog.length;
    await send(user, { traits: { name: 'Shopper' }, segments: [CUSTOMERS], events: [order] });
    expect(requestsSince(mark)).not.toContain('POST /events');
    expect(harness.intercom.store.events.get(contact!.id)).toHaveLength(1);
  });

  it('merges the lead into the user when a Hull user sent as a lead now qualifies as a user', async () => {
    const user = hullUser('convert@example.org');
    await send(user, { traits: { name: 'Converting' }, segments: [LEADS] });
    const [lead] = contactsWithEmail('convert@example.org');
    expect(lead!.role).toBe('lead');

    const leadId = harness.hull.findUser({ id: user.id })!.traits['intercom_lead/id'] as string;
    expect(leadId).toBe(lead!.id);
    const write = await send(user, {
      traits: { name: 'Converting', 'intercom_lead/id': leadId },
      segments: [CUSTOMERS],
    });
    expect(write.summary).toMatch(new RegExp(`lead ${leadId} merged into user [0-9a-f]{24}`));
    const remaining = contactsWithEmail('convert@example.org');
    expect(remaining).toEqual([expect.objectContaining({ role: 'user' })]);
    expect(harness.intercom.store.mergedContacts.get(leadId)?.into).toBe(remaining[0]!.id);
    const profile = harness.hull.findUser({ id: user.id })!;
    expect(profile.traits).toMatchObject({
      'intercom_lead/converted_into': remaining[0]!.id,
      'intercom_lead/is_lead': false,
    });
    expect(profile.traits['intercom_lead/converted_at']).toEqual(expect.any(String));

    // Hull notifies again before its copy shows converted_at (it still names the lead): the lead is
    // gone, and no second merge is attempted, nor is anything failed.
    const mergesBefore = harness.intercom.requestCount('POST', '/contacts/merge');
    const echo = await send(user, {
      traits: { name: 'Converted', 'intercom_lead/id': leadId },
      segments: [CUSTOMERS],
    });
    expect(echo.summary).not.toMatch(/merged/);
    expect(harness.intercom.requestCount('POST', '/contacts/merge')).toBe(mergesBefore);
    expect(contactsWithEmail('convert@example.org')).toEqual([
      expect.objectContaining({ role: 'user', name: 'Converted' }),
    ]);
    const failures = (await (await fetch(`${harness.apiUrl}/failures`)).json()) as { count: number };
    expect(failures.count).toBe(0);
  });
});
