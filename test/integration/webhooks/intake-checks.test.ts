/**
 * The webhook endpoint's checks beyond the signature, each on a correctly signed delivery: the
 * workspace it comes from, the form of the ids that become workflow and anonymous ids, the media
 * type, the nesting, and what becomes of a delivery too large to carry into Temporal (a reference,
 * re-read from Intercom) — never a 500, and never a fragment of the body in the answer.
 */
import { buildNotification } from '@hull-intercom-sync/intercom-simulator';
import { rawPost } from '../../helpers/raw-http';
import {
  APP_ID,
  CLIENT_SECRET,
  contactWorkflowId,
  emit,
  envelope,
  eventuallyUser,
  group,
  postRaw,
  startWebhookHarness,
  userAnonymousId,
  workflowExists,
  type WebhookHarness,
} from '../../helpers/webhook-harness';
import { signWebhookBody } from '@hull-intercom-sync/intercom-simulator';

describe('webhook intake checks', () => {
  let harness: WebhookHarness;

  beforeAll(async () => {
    harness = await startWebhookHarness('webhook-intake');
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('ignores a delivery from another workspace than the connected one (app_id), writing nothing', async () => {
    const contact = harness.intercom.createContact({ role: 'user', email: 'other-workspace@example.org' });
    const foreign = buildNotification('otherapp1', 'contact.user.created', contact, Math.floor(Date.now() / 1000));
    const answer = await postRaw(harness, JSON.stringify(foreign));
    expect(answer).toEqual({
      status: 200,
      body: { accepted: false, ignored: `app_id otherapp1 is not the connected workspace (${APP_ID})` },
    });
    expect(await workflowExists(harness, contactWorkflowId(harness, String(contact.id)))).toBe(false);
    expect(harness.hull.findUser({ anonymous_id: userAnonymousId(String(contact.id)) })).toBeUndefined();
  });

  it.each([
    ['a path', '../../x'],
    ['a NUL', 'abc\u0000def'],
    ['a newline', '65f0000000000000000000\n1'],
    ['1,200 characters', 'a'.repeat(1200)],
    ['upper-case hex', '65F000000000000000000001'],
  ])('refuses a contact id with %s: 400 with the reason, nothing started, nothing echoed', async (_case, id) => {
    const { rawBody } = envelope('contact.user.created', {
      type: 'contact',
      id,
      role: 'user',
      email: 'odd-id@example.org',
    });
    const answer = await postRaw(harness, rawBody);
    expect(answer.status).toBe(400);
    expect(answer.body.detail).toBe('data.item.id: is not an Intercom contact id (24 hexadecimal characters)');
    expect(JSON.stringify(answer.body)).not.toContain('odd-id@example.org');
    expect(await workflowExists(harness, contactWorkflowId(harness, id))).toBe(false);
  });

  it('answers 415 to a correctly signed body sent as text/plain, before reading it', async () => {
    const { rawBody } = envelope('contact.user.created', { type: 'contact', id: '65f000000000000000000003' });
    const request = rawPost(
      harness.webhookUrl,
      { 'content-type': 'text/plain', 'x-hub-signature': signWebhookBody(rawBody, CLIENT_SECRET) },
      Buffer.byteLength(rawBody),
    );
    const answer = await request.answer;
    expect(request.sent).toBe(0);
    expect(answer.status).toBe(415);
    request.destroy();
  });

  it('refuses a body nested 10,000 levels deep with a 400 and the reason', async () => {
    const deep = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    const rawBody =
      `{"type":"notification_event","app_id":"${APP_ID}","id":"notif_deep","topic":"contact.user.created",` +
      `"created_at":1,"data":{"item":{"type":"contact","id":"65f000000000000000000004","deep":${deep}}}}`;
    const answer = await postRaw(harness, rawBody);
    expect(answer).toMatchObject({ status: 400, body: { detail: 'the body nests deeper than 64 levels' } });
  });

  it('applies a 4 MB signed contact webhook: the workflow gets a reference and re-reads the contact', async () => {
    const contact = harness.intercom.createContact({
      role: 'user',
      email: 'large@example.org',
      external_id: 'large-1',
    });
    const id = String(contact.id);
    const large = { ...contact, custom_attributes: { notes: 'x'.repeat(4 * 1024 * 1024) } };
    const { notification } = await emit(harness, 'contact.user.created', large);
    expect(JSON.stringify(notification).length).toBeGreaterThan(4 * 1024 * 1024);
    const user = await eventuallyUser(harness.hull, userAnonymousId(id));
    expect(group(user.traits, 'intercom_user')).toMatchObject({ email: 'large@example.org', id });
    // What Temporal holds is the reference, not the 4 MB.
    const history = await harness.engine.temporalClient.workflow
      .getHandle(contactWorkflowId(harness, id))
      .fetchHistory();
    const signalBytes = (history.events ?? [])
      .flatMap((event) => event.workflowExecutionSignaledEventAttributes?.input?.payloads ?? [])
      .reduce((sum, payload) => sum + (payload.data?.length ?? 0), 0);
    expect(signalBytes).toBeGreaterThan(0);
    expect(signalBytes).toBeLessThan(64 * 1024);
  });
});
