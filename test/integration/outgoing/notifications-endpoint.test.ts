/**
 * POST /hull/notifications: authenticated as Hull's connector framework does it (credentials in
 * the body, an RS256 signature whose `jti` is this notification's id), validated, settings refreshed from the copy the
 * notification carries, and answered with flow control only once Temporal has every message.
 */
import { SignJWT } from 'jose';
import { signatureHeaders } from '@hull-intercom-sync/hull-simulator';
import { generateKeyPairSync } from 'node:crypto';
import { workflowIds } from '../../../src/shared/workflow-ids';
import { startHarness, workflowExists, type Harness } from '../../helpers/engine-harness';
import { eventually } from '../../helpers/eventually';
import { notificationBody, postNotification, signedHeaders, userMessage } from '../../helpers/hull-notifications';

const CUSTOMERS = { id: 'c0ffee000000000000000001', name: 'Customers' };

describe('Hull notification endpoint', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({
      name: 'notifications',
      settings: { synchronized_user_segments: [CUSTOMERS.id], fetch_users: false, fetch_leads: false },
    });
    harness.hull.upsertSegment({ ...CUSTOMERS, type: 'users_segment' });
  });

  afterAll(async () => {
    await harness?.stop();
  });

  const user = () => harness.hull.upsertUser({ email: `n${Math.random().toString(16).slice(2)}@example.org` });
  const userWorkflowExists = (hullUserId: string) =>
    workflowExists(harness, workflowIds.hullUser(harness.hull.connectorId, hullUserId));

  it('accepts a signed notification and answers with flow control', async () => {
    const hullUser = user();
    const posted = await postNotification(harness, 'user:update', [
      userMessage({ id: hullUser.id, email: hullUser.email!, segments: [CUSTOMERS] }),
    ]);
    expect(posted.status).toBe(200);
    expect(posted.body).toMatchObject({ flow_control: { type: 'next' }, accepted: 1, rejected: [] });
    expect(await userWorkflowExists(hullUser.id)).toBe(true);
  });

  it.each([
    ['without signature headers', { 'x-hull-smart-notifier-signature': undefined }, 'MISSING_SIGNATURE_HEADERS'],
    [
      'with an unsupported signature version',
      { 'x-hull-smart-notifier-signature-version': 'v2' },
      'UNSUPPORTED_SIGNATURE_VERSION',
    ],
    ['with a garbled signature', { 'x-hull-smart-notifier-signature': 'not.a.jwt' }, 'INVALID_SIGNATURE'],
  ])('refuses a notification %s with 401 and starts nothing', async (_what, headers, code) => {
    const hullUser = user();
    const posted = await postNotification(
      harness,
      'user:update',
      [userMessage({ id: hullUser.id, segments: [CUSTOMERS] })],
      { headers },
    );
    expect(posted.status).toBe(401);
    expect(posted.body).toMatchObject({ type: 'about:blank', status: 401, code });
    expect(await userWorkflowExists(hullUser.id)).toBe(false);
  });

  it('refuses a signature made by another key, or for another notification', async () => {
    const hullUser = user();
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forged = await new SignJWT({ jti: 'whatever' })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
      .setIssuedAt()
      .sign(privateKey);
    const posted = await postNotification(
      harness,
      'user:update',
      [userMessage({ id: hullUser.id, segments: [CUSTOMERS] })],
      {
        headers: { 'x-hull-smart-notifier-signature': forged },
      },
    );
    expect(posted).toMatchObject({ status: 401, body: { status: 401, code: 'INVALID_SIGNATURE' } });

    // The platform's own key, but a signature made for a different notification: replayed headers.
    const replayed = signatureHeaders(
      'another-notification',
      harness.hull.organization,
      harness.hull.publicKeyUrl,
      Date.now() / 1000,
    );
    const reused = await postNotification(
      harness,
      'user:update',
      [userMessage({ id: hullUser.id, segments: [CUSTOMERS] })],
      {
        headers: { 'x-hull-smart-notifier-signature': replayed['X-Hull-Smart-Notifier-Signature'] },
      },
    );
    expect(reused).toMatchObject({
      status: 401,
      body: { status: 401, code: 'INVALID_SIGNATURE', detail: expect.stringMatching(/jti/) },
    });
    expect(await userWorkflowExists(hullUser.id)).toBe(false);
  });

  it('refuses a notification whose credentials are not this connector’s', async () => {
    const hullUser = user();
    const posted = await postNotification(
      harness,
      'user:update',
      [userMessage({ id: hullUser.id, segments: [CUSTOMERS] })],
      {
        configuration: { id: harness.hull.connectorId, organization: harness.hull.organization, secret: 'guessed' },
      },
    );
    expect(posted).toMatchObject({ status: 401, body: { status: 401, code: 'INVALID_CONFIGURATION' } });
    expect(await userWorkflowExists(hullUser.id)).toBe(false);
  });

  it('answers 400 with a message for a signed body that is not a notification', async () => {
    const headers = signedHeaders(harness, 'not-json');
    const notJson = await fetch(`${harness.apiUrl}/hull/notifications`, {
      method: 'POST',
      headers,
      body: '{ nope',
    });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ status: 400, detail: expect.stringMatching(/not valid JSON/) });
    const {
      segments: _segments,
      accounts_segments: _accounts,
      ...noSegments
    } = notificationBody(harness, 'user:update', []);
    const incomplete = await fetch(`${harness.apiUrl}/hull/notifications`, {
      method: 'POST',
      headers: signedHeaders(harness, noSegments.notification_id),
      body: JSON.stringify({ ...noSegments, channel: 'user:explode' }),
    });
    expect(incomplete.status).toBe(400);
    expect(incomplete.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await incomplete.json()).toMatchObject({
      title: 'Bad Request',
      detail: expect.stringMatching(/body\.channel: must be one of/),
      errors: expect.arrayContaining([{ path: 'body.channel', message: expect.stringMatching(/must be one of/) }]),
    });
  });

  it('reports an unreadable message with its reason and still takes the others', async () => {
    const hullUser = user();
    const posted = await postNotification(harness, 'user:update', [
      { message_id: 'broken-1', user: { email: 'no-id@example.org' } },
      userMessage({ id: hullUser.id, email: hullUser.email!, segments: [CUSTOMERS] }),
    ]);
    expect(posted.status).toBe(200);
    expect(posted.body).toMatchObject({
      accepted: 1,
      rejected: [{ message_id: 'broken-1', reason: expect.stringMatching(/^unreadable message: user\.id/) }],
    });
  });

  it('applies the settings a notification carries (ship:update): a switched-off fetch pauses its schedule', async () => {
    harness.hull.setPrivateSettings({ ...harness.hull.privateSettings, fetch_leads: false });
    const posted = await postNotification(harness, 'ship:update', [{}]);
    expect(posted.status).toBe(200);
    const schedule = harness.engine.temporalClient.schedule.getHandle(
      workflowIds.incrementalSchedule(harness.hull.connectorId, 'leads'),
    );
    await eventually(async () => expect((await schedule.describe()).state.paused).toBe(true));
  });
});
