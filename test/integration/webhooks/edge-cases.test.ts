/**
 * What the webhook endpoint refuses or ignores (issue 3): bad and missing signatures (401, nothing
 * started, nothing written), malformed JSON and non-notifications (400 with a reason), topics the
 * connector does not handle or the settings do not accept (2xx, no effect), and duplicate deliveries
 * of the exact same bytes (one activity, one event).
 */
import { signWebhookBody, webhookPayloads } from '@hull-intercom-sync/intercom-simulator';
import { eventually } from '../../helpers/eventually';
import {
  CLIENT_SECRET,
  contactRecord,
  contactWorkflowId,
  emit,
  entityHistory,
  envelope,
  eventsNamed,
  eventuallyUser,
  postRaw,
  startWebhookHarness,
  userAnonymousId,
  workflowExists,
  type WebhookHarness,
  expectCleanTraffic,
} from '../../helpers/webhook-harness';

describe('webhook endpoint edge cases', () => {
  let harness: WebhookHarness;

  beforeAll(async () => {
    harness = await startWebhookHarness('webhook-edges');
  });

  afterAll(async () => {
    await harness?.stop();
  });

  /** Nothing reached Hull and no entity workflow exists for this contact. */
  async function expectNoEffect(contactId: string, firehoseBefore: number) {
    expect(await workflowExists(harness, contactWorkflowId(harness, contactId))).toBe(false);
    expect(harness.hull.firehoseBatches).toHaveLength(firehoseBefore);
    expect(harness.hull.findUser({ anonymous_id: userAnonymousId(contactId) })).toBeUndefined();
  }

  describe('signatures', () => {
    let attempt = 0;
    it.each([
      ['a signature made with another secret', (raw: string) => signWebhookBody(raw, 'not-the-client-secret')],
      ['the signature of other bytes', (raw: string) => signWebhookBody(`${raw} `, CLIENT_SECRET)],
      ['a malformed signature header', () => 'sha256=deadbeef'],
      ['no X-Hub-Signature header', () => null],
    ])('%s → 401, no workflow, nothing in Hull', async (_case, sign) => {
      const contact = harness.intercom.createContact({ role: 'user', email: `mallory-${++attempt}@example.org` });
      const { rawBody } = envelope('contact.user.created', contact);
      const firehoseBefore = harness.hull.firehoseBatches.length;

      const response = await postRaw(harness, rawBody, sign(rawBody));
      expect(response).toEqual({
        status: 401,
        body: {
          type: 'about:blank',
          title: 'Unauthorized',
          status: 401,
          detail: 'invalid or missing X-Hub-Signature',
          instance: '/webhooks/intercom',
        },
      });
      await expectNoEffect(String(contact.id), firehoseBefore);
      // The refused bytes are fine otherwise: correctly signed, they are accepted.
      expect(await postRaw(harness, rawBody)).toMatchObject({ status: 200, body: { accepted: true } });
      await eventuallyUser(harness.hull, userAnonymousId(String(contact.id)));
      expectCleanTraffic(harness);
    });
  });

  describe('bodies', () => {
    it('malformed JSON (correctly signed) → 400 saying where, quoting none of the body', async () => {
      const firehoseBefore = harness.hull.firehoseBatches.length;
      const response = await postRaw(harness, '{"type":"notification_event","id":"notif_1",');
      expect(response.status).toBe(400);
      expect(response.body.detail).toMatch(/^the body is not valid JSON/);
      expect(JSON.stringify(response.body)).not.toMatch(/notif_1|notification_event/);
      expect(harness.hull.firehoseBatches).toHaveLength(firehoseBefore);
    });

    it.each([
      ['an unrelated JSON object', { hello: 'world' }, /^body\.type: type must be "notification_event"; /],
      ['a JSON array', [1, 2, 3], /^body: /],
      [
        'a notification without data.item',
        { type: 'notification_event', id: 'notif_2', topic: 'contact.user.created', created_at: 1, data: {} },
        /^body\.data\.item: /,
      ],
      [
        'a notification without an id',
        { type: 'notification_event', topic: 'contact.user.created', created_at: 1, data: { item: {} } },
        /^body\.id: /,
      ],
    ])('%s (correctly signed) → 400 naming what is wrong', async (_case, body, message) => {
      const firehoseBefore = harness.hull.firehoseBatches.length;
      const response = await postRaw(harness, JSON.stringify(body));
      expect(response.status).toBe(400);
      expect(response.body.detail).toMatch(message);
      expect(harness.hull.firehoseBatches).toHaveLength(firehoseBefore);
    });
  });

  describe('topics', () => {
    it.each(['conversation.priority.updated', 'contact.user.updated', 'no.such.topic'])(
      'unknown topic %s → 200, ignored, no workflow',
      async (topic) => {
        const contact = harness.intercom.createContact({ role: 'user', email: `ignored-${topic}@example.org` });
        const firehoseBefore = harness.hull.firehoseBatches.length;
        const response = await postRaw(harness, envelope(topic, contact).rawBody);
        expect(response).toEqual({
          status: 200,
          body: { accepted: false, ignored: `topic ${topic} is not handled by this connector` },
        });
        await expectNoEffect(String(contact.id), firehoseBefore);
      },
    );

    it('ping → 200, ignored', async () => {
      const response = await postRaw(harness, envelope('ping', { type: 'ping', message: 'hi' }).rawBody);
      expect(response).toEqual({ status: 200, body: { accepted: false, ignored: 'ping' } });
    });
  });

  it('the exact same delivery three times (in flight, then applied) → one activity, one event', async () => {
    const { intercom, hull } = harness;
    const contact = intercom.createContact({ role: 'user', email: 'twice@example.org', external_id: 'twice-1' });
    const id = String(contact.id);
    const workflowId = contactWorkflowId(harness, id);
    const created = await emit(harness, 'contact.user.created', contact);
    const hullUser = await eventuallyUser(hull, userAnonymousId(id));
    await eventually(async () =>
      expect(await entityHistory(harness, workflowId)).toMatchObject({ completedActivities: 1 }),
    );

    intercom.updateContact(id, { unsubscribed_from_emails: true });
    const unsubscribe = envelope(
      'contact.unsubscribed',
      webhookPayloads.unsubscribedContactItem(intercom.store, contactRecord(intercom, id)),
    );
    const accepted = { status: 200, body: { accepted: true, workflowIds: [workflowId] } };
    // Hull answers the next firehose request slowly, so the first delivery is still being applied
    // when the duplicate arrives.
    hull.setFailures({ target: 'firehose', latencyMs: 2_000, times: 1 });
    try {
      expect(await postRaw(harness, unsubscribe.rawBody)).toEqual(accepted);
      await eventually(async () =>
        expect(await entityHistory(harness, workflowId)).toMatchObject({ applyActivities: 2 }),
      );
      expect(await postRaw(harness, unsubscribe.rawBody)).toEqual(accepted);
      expect(await entityHistory(harness, workflowId)).toMatchObject({ signals: 3, completedActivities: 1 });
    } finally {
      hull.setFailures(undefined);
    }
    await eventually(() => expect(eventsNamed(hull, hullUser.id, 'Unsubscribed from emails')).toHaveLength(1));
    // And once more after it was applied.
    expect(await postRaw(harness, unsubscribe.rawBody)).toEqual(accepted);

    // A later notification for the same contact: once its effect is visible, the duplicates (queued
    // before it on the same workflow) have certainly been handled too.
    const tag = intercom.tagContact(id, 'Sentinel');
    const sentinel = await emit(
      harness,
      'contact.user.tag.created',
      webhookPayloads.contactTagItem(
        intercom.store,
        contactRecord(intercom, id),
        intercom.store.tags.get(String(tag.id))!,
        created.notification.created_at,
      ),
    );
    await eventually(() => expect(eventsNamed(hull, hullUser.id, 'Added Tag')).toHaveLength(1));

    expect(eventsNamed(hull, hullUser.id, 'Unsubscribed from emails')).toEqual([
      expect.objectContaining({ event_id: `intercom:${unsubscribe.notification.id}` }),
    ]);
    expect(eventsNamed(hull, hullUser.id, 'Added Tag')[0]?.event_id).toBe(`intercom:${sentinel.notification.id}`);
    const trackMessages = hull
      .firehoseMessages()
      .filter(
        (m) =>
          m.type === 'track' &&
          (m.body as { event_id?: string }).event_id === `intercom:${unsubscribe.notification.id}`,
      );
    expect(trackMessages).toHaveLength(1);
    expect(hull.counters.eventsDeduplicated).toBe(0);
    await eventually(async () =>
      expect(await entityHistory(harness, workflowId)).toEqual({
        signals: 5, // created, unsubscribed three times, tagged
        applyActivities: 3,
        completedActivities: 3,
      }),
    );
    expectCleanTraffic(harness);
  });
  it('a creation delivered after a newer email change is re-read, never written over the newer email', async () => {
    const { intercom, hull } = harness;
    const created = intercom.createContact({ role: 'user', email: 'late-old@example.org', external_id: 'late-1' });
    const id = String(created.id);
    const changed = intercom.updateContact(
      id,
      { email: 'late-new@example.org' },
      { at: Number(created.updated_at) + 60 },
    );
    await emit(harness, 'contact.email.updated', changed);
    await eventuallyUser(hull, userAnonymousId(id), (u) =>
      expect(u.traits['intercom_user/email']).toBe('late-new@example.org'),
    );
    const readsBefore = intercom.requestLog.filter((r) => r.method === 'GET' && r.path === `/contacts/${id}`).length;

    // Intercom delivers out of order: the creation (older snapshot) arrives last.
    await emit(harness, 'contact.user.created', created);
    await eventually(async () =>
      expect(await entityHistory(harness, contactWorkflowId(harness, id))).toMatchObject({ completedActivities: 2 }),
    );
    const user = harness.hull.findUser({ anonymous_id: userAnonymousId(id) })!;
    expect(user.traits['intercom_user/email']).toBe('late-new@example.org');
    expect(intercom.requestLog.filter((r) => r.method === 'GET' && r.path === `/contacts/${id}`)).toHaveLength(
      readsBefore + 1,
    );
    expectCleanTraffic(harness);
  });
});

describe('webhook topics outside incoming_events', () => {
  let harness: WebhookHarness;

  beforeAll(async () => {
    harness = await startWebhookHarness('webhook-whitelist', { incoming_events: ['user.created'] });
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('are acknowledged with 2xx and have no effect; a whitelisted topic still works', async () => {
    const { intercom, hull } = harness;
    const lead = intercom.createContact({ role: 'lead', email: 'not-whitelisted@example.org' });
    const response = await postRaw(harness, envelope('contact.lead.created', lead).rawBody);
    expect(response).toEqual({
      status: 200,
      body: { accepted: false, ignored: 'topic contact.created is not in incoming_events' },
    });
    const legacy = await postRaw(harness, envelope('contact.created', lead).rawBody);
    expect(legacy).toEqual(response);
    expect(await workflowExists(harness, contactWorkflowId(harness, String(lead.id)))).toBe(false);

    const user = intercom.createContact({ role: 'user', email: 'whitelisted@example.org' });
    await emit(harness, 'contact.user.created', user);
    await eventuallyUser(hull, userAnonymousId(String(user.id)));
    // The user's write is the only thing that ever reached Hull.
    expect(hull.users()).toHaveLength(1);
    expect(hull.findUser({ email: 'not-whitelisted@example.org' })).toBeUndefined();
    expectCleanTraffic(harness);
  });

  it('receive_events off (changed in Hull’s settings) ignores every topic', async () => {
    const { intercom, hull } = harness;
    hull.setPrivateSettings({ ...hull.privateSettings, receive_events: false });
    // What the engine does with the settings copy of Hull's next notification (ship:update).
    expect(harness.engine.settings.apply(hull.privateSettings)).toBe(true);
    const user = intercom.createContact({ role: 'user', email: 'switched-off@example.org' });
    const response = await postRaw(harness, envelope('contact.user.created', user).rawBody);
    expect(response).toEqual({ status: 200, body: { accepted: false, ignored: 'receive_events is off' } });
    expect(await workflowExists(harness, contactWorkflowId(harness, String(user.id)))).toBe(false);
    expect(hull.findUser({ email: 'switched-off@example.org' })).toBeUndefined();
    expectCleanTraffic(harness);
  });
});
