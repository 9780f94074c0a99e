/**
 * Hull → Intercom as Hull's own connector behaved (issue 9, points 1, 2 and 6), through the real
 * notification endpoint, Temporal and both simulators:
 * - after every write, Intercom's answer goes back to Hull: the record through the incoming mapping,
 *   its id, the identity claims and the anonymous id (for a company `intercom/` and `intercom:<id>`),
 *   with no extra Intercom request; the write-back's own Hull notification makes no Intercom request;
 * - several mapping rows to one Intercom field: the first non-empty value in row order wins, and a
 *   clear is sent only when every row is empty and something was sent before;
 * - array event properties are sent as JSON text.
 */
import type { HullUser } from '@hull-intercom-sync/hull-simulator';
import { INCOMING_EVENT_TOPICS } from '../../../src/config/connector-settings';
import { workflowIds } from '../../../src/shared/workflow-ids';
import { expectConformingTraffic, startHarness, type Harness } from '../../helpers/engine-harness';
import { waitFor } from '../../helpers/eventually';
import { postNotification, userMessage, writtenFor, type LastWrite } from '../../helpers/hull-notifications';

const CUSTOMERS = { id: 'c0ffee000000000000000101', name: 'Customers', type: 'users_segment' as const };
const LEADS = { id: 'c0ffee000000000000000102', name: 'Leads', type: 'users_segment' as const };
const PAYING = { id: 'c0ffee000000000000000103', name: 'Paying', type: 'accounts_segment' as const };

describe('outgoing writes as Hull’s connector made them', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({
      name: 'outgoing-parity',
      settings: {
        synchronized_user_segments: [CUSTOMERS.id],
        synchronized_lead_segments: [LEADS.id],
        synchronized_account_segments: [PAYING.id],
        outgoing_user_attributes: [
          { hull: 'name', service: 'name' },
          { hull: 'sector', service: 'custom_attributes.sector' },
          { hull: 'account.sector', service: 'custom_attributes.sector' },
        ],
        outgoing_lead_attributes: [{ hull: 'name', service: 'name' }],
        outgoing_account_attributes: [{ hull: 'name', service: 'name' }],
        outgoing_events: ['Order Placed'],
        receive_events: true,
        incoming_events: [...INCOMING_EVENT_TOPICS],
        fetch_users: false,
        fetch_leads: false,
      },
    });
    const { hull, intercom } = harness;
    hull.upsertSegment({ ...CUSTOMERS, query: { traits_stage: 'customer' } });
    hull.upsertSegment({ ...LEADS, query: { traits_stage: 'lead' } });
    hull.upsertSegment({ ...PAYING, query: { plan: 'paying' } });
    hull.setNotifyTarget(`${harness.apiUrl}/hull/notifications`);
    intercom.setWebhook({ url: `${harness.apiUrl}/webhooks/intercom`, topics: [] }, false);
  });

  afterAll(async () => {
    await harness?.stop();
  });

  afterEach(() => {
    expectConformingTraffic(harness.intercom);
    expect(harness.hull.rejectedMessages).toEqual([]);
  });

  const requestsSince = (mark: number) => harness.intercom.requestLog.slice(mark).map((r) => `${r.method} ${r.route}`);

  /** Lets Hull notify the engine of what changed on these users (as it does after every write) and waits for the write. */
  async function hullNotifies(kind: 'user' | 'account', id: string): Promise<LastWrite> {
    const { hull } = harness;
    const before = hull.notificationLog.length;
    const result = kind === 'user' ? await hull.notifyUsers([id]) : await hull.notifyAccounts([id]);
    expect(result).toMatchObject({ notified: [id], delivered: 1 });
    const entry = hull.notificationLog.slice(before).find((e) => e.channel === `${kind}:update`)!;
    const workflowId = (kind === 'user' ? workflowIds.hullUser : workflowIds.hullAccount)(hull.connectorId, id);
    return writtenFor(harness, workflowId, entry.notificationId);
  }

  const profile = (id: string): HullUser => harness.hull.findUser({ id })!;
  const contactsNamed = (email: string) =>
    [...harness.intercom.store.contacts.values()].filter((c) => c.email === email);

  it("writes a created user's record back: mapped fields, id, claims and alias; its echo makes no request", async () => {
    const { hull, intercom } = harness;
    const user = hull.upsertUser(
      { email: 'ada@example.org', external_id: 'u-ada' },
      { name: 'Ada Lovelace', stage: 'customer' },
    );
    const mark = intercom.requestLog.length;
    expect(await hullNotifies('user', user.id)).toMatchObject({ outcome: 'created' });
    const contact = [...intercom.store.contacts.values()].find((c) => c.email === 'ada@example.org')!;
    // The write-back came from the create's own answer: no GET of the contact.
    expect(requestsSince(mark)).not.toContain('GET /contacts/{contact_id}');

    const written = profile(user.id);
    expect(written.traits).toMatchObject({
      'intercom_user/id': contact.id,
      'intercom_user/email': 'ada@example.org',
      'intercom_user/user_id': 'u-ada',
      'intercom_user/name': 'Ada Lovelace',
      'intercom_user/role': 'user',
      'intercom_user/created_at': new Date(contact.created_at * 1000).toISOString(),
    });
    expect(written.anonymous_ids).toContain(`intercom-user:user-${contact.id}`);
    // The profile is now found by the contact's anonymous id, as webhooks and fetches look for it.
    expect(hull.findUser({ anonymous_id: `intercom-user:user-${contact.id}` })?.id).toBe(user.id);

    // Hull notifies the engine of the write-back: nothing to send, no Intercom request.
    const echoMark = intercom.requestLog.length;
    expect(await hullNotifies('user', user.id)).toMatchObject({ outcome: 'unchanged', requests: 0 });
    expect(requestsSince(echoMark)).toEqual([]);

    // A webhook about the contact lands on the same profile, not on a new one.
    const usersBefore = hull.users().length;
    const batchesBefore = hull.firehoseBatches.length;
    expect(await intercom.emitWebhook('contact.user.created', intercom.updateContact(contact.id, {}))).toEqual({
      status: 200,
    });
    await waitFor('the webhook to be written to Hull', () => hull.firehoseBatches.length > batchesBefore);
    expect(hull.users()).toHaveLength(usersBefore);
    expect(hull.findUser({ anonymous_id: `intercom-user:user-${contact.id}` })?.id).toBe(user.id);
  });

  it('writes a created contact back in the next step when Hull refuses it right after the create, reading it once', async () => {
    const { hull, intercom } = harness;
    const user = hull.upsertUser({ email: 'later@example.org' }, { name: 'Written Later', stage: 'customer' });
    const mark = intercom.requestLog.length;
    // Every attempt of the write-back that follows the create fails (the client tries three times).
    hull.setFailures({ target: 'firehose', status: 503, times: 3 });
    let write: LastWrite;
    try {
      write = await hullNotifies('user', user.id);
    } finally {
      hull.setFailures(undefined);
    }
    expect(write).toMatchObject({ outcome: 'created' });
    expect(write.notes.join(' ')).toMatch(/write-back to Hull after the create did not complete/);
    expect(requestsSince(mark).filter((r) => r === 'GET /contacts/{contact_id}')).toHaveLength(1);
    const contact = [...intercom.store.contacts.values()].find((c) => c.email === 'later@example.org')!;
    expect(profile(user.id).traits).toMatchObject({
      'intercom_user/id': contact.id,
      'intercom_user/name': 'Written Later',
    });
    expect(profile(user.id).anonymous_ids).toContain(`intercom-user:user-${contact.id}`);
    expect(contactsNamed('later@example.org')).toHaveLength(1);
  });

  it("writes an updated lead's record back, filling Hull's blank name, and its echo makes no request", async () => {
    const { hull, intercom } = harness;
    const existing = intercom.createContact({ role: 'lead', email: 'lin@example.org', name: 'Lin from Intercom' });
    const user = hull.upsertUser({ email: 'lin@example.org' }, { stage: 'lead' });
    expect(await hullNotifies('user', user.id)).toMatchObject({ outcome: 'updated' });

    const written = profile(user.id);
    expect(written.traits).toMatchObject({
      'intercom_lead/id': existing.id,
      'intercom_lead/email': 'lin@example.org',
      'intercom_lead/name': 'Lin from Intercom',
      'intercom_lead/is_lead': true,
      name: 'Lin from Intercom', // Hull had no name: filled from Intercom's, as Hull's connector did
    });
    expect(written.anonymous_ids).toContain(`intercom-lead:lead-${String(existing.id)}`);

    // Hull's name changed because of the write-back; Intercom holds that very name: no request.
    const echoMark = intercom.requestLog.length;
    expect(await hullNotifies('user', user.id)).toMatchObject({ outcome: 'unchanged', requests: 0 });
    expect(requestsSince(echoMark)).toEqual([]);
  });

  it("writes a company's record back to the account (intercom/, intercom:<id>, tags after the write); its echo makes no request", async () => {
    const { hull, intercom } = harness;
    const account = hull.upsertAccount({ external_id: 'acme' }, { name: 'Acme', plan: 'paying' });
    expect(await hullNotifies('account', account.id)).toMatchObject({ outcome: 'upserted' });
    const company = intercom.store.companyByCompanyId('acme')!;

    const written = hull.findAccount({ id: account.id })!;
    expect(written.traits).toMatchObject({
      'intercom/id': company.id,
      'intercom/company_id': 'acme',
      'intercom/name': 'Acme',
      'intercom/tags': ['Paying'],
    });
    expect(written.anonymous_ids).toContain(`intercom:${company.id}`);

    const echoMark = intercom.requestLog.length;
    expect(await hullNotifies('account', account.id)).toMatchObject({ outcome: 'unchanged', requests: 0 });
    expect(requestsSince(echoMark)).toEqual([]);
  });

  it('sends the first non-empty of several rows to one field, and clears it only when every row is empty', async () => {
    const { hull, intercom } = harness;
    const user = hull.upsertUser({ email: 'rows@example.org' });
    const workflowId = workflowIds.hullUser(hull.connectorId, user.id);
    const send = async (traits: Record<string, unknown>, account: Record<string, unknown>) => {
      const posted = await postNotification(harness, 'user:update', [
        userMessage({ id: user.id, email: 'rows@example.org', traits, account, segments: [CUSTOMERS] }),
      ]);
      return writtenFor(harness, workflowId, posted.notificationId);
    };
    const sector = () =>
      [...intercom.store.contacts.values()].find((c) => c.email === 'rows@example.org')?.custom_attributes.sector;
    const sectorSent = (mark: number) =>
      intercom.requestLog
        .slice(mark)
        .filter((r) => r.method === 'PUT' || (r.method === 'POST' && r.route === '/contacts'))
        .map((r) => (r.body as { custom_attributes?: Record<string, unknown> }).custom_attributes?.sector);

    // The user's own row is empty: the account's value is sent, not hidden by a null.
    expect(await send({ name: 'Rows' }, { id: 'acc-rows', sector: 'Aerospace' })).toMatchObject({ outcome: 'created' });
    expect(sector()).toBe('Aerospace');
    // Both have a value: the first row wins.
    await send({ name: 'Rows', sector: 'Retail' }, { id: 'acc-rows', sector: 'Aerospace' });
    expect(sector()).toBe('Retail');
    // The first row empties again: the second row's value, not a clear.
    let mark = intercom.requestLog.length;
    await send({ name: 'Rows', sector: null }, { id: 'acc-rows', sector: 'Aerospace' });
    expect(sectorSent(mark)).toEqual(['Aerospace']);
    // Every row empty: one clear, since a value was sent before; then nothing more.
    mark = intercom.requestLog.length;
    await send({ name: 'Rows', sector: '' }, { id: 'acc-rows', sector: null });
    expect(sectorSent(mark)).toEqual([null]);
    expect(sector()).toBeUndefined();
    mark = intercom.requestLog.length;
    expect(await send({ name: 'Rows' }, { id: 'acc-rows' })).toMatchObject({ outcome: 'unchanged', requests: 0 });
    expect(requestsSince(mark)).toEqual([]);
  });

  it('sends array event properties as JSON text', async () => {
    const { hull, intercom } = harness;
    const user = hull.upsertUser({ email: 'arrays@example.org' });
    const event = {
      event_id: 'evt-array-1',
      event: 'Order Placed',
      created_at: '2026-11-20T10:00:00Z',
      properties: { items: ['an', 'array'], counts: [1, 2], total: 3 },
    };
    const posted = await postNotification(harness, 'user:update', [
      userMessage({ id: user.id, email: 'arrays@example.org', segments: [CUSTOMERS], events: [event] }),
    ]);
    await writtenFor(harness, workflowIds.hullUser(hull.connectorId, user.id), posted.notificationId);
    const contact = [...intercom.store.contacts.values()].find((c) => c.email === 'arrays@example.org')!;
    expect(intercom.store.events.get(contact.id)?.map((e) => e.metadata)).toEqual([
      { items: '["an","array"]', counts: '[1,2]', total: 3 },
    ]);
  });
});
