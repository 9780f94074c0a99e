/**
 * POST /hull/notifications under attack: what can be checked from the headers is checked before the
 * body is read (Content-Type, a free slot, Hull's signature with its key from a trusted origin), bodies
 * are capped, and few are read at once, so an anonymous caller costs no memory and Intercom's webhooks
 * keep being taken meanwhile. Each refusal is shown arriving while the client still holds the body it
 * announced (nothing of it sent, or half of it).
 */
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { workflowIds } from '../../../src/shared/workflow-ids';
import { workflowExists } from '../../helpers/engine-harness';
import { eventually } from '../../helpers/eventually';
import { notificationBody, signedHeaders, userMessage } from '../../helpers/hull-notifications';
import { rawPost } from '../../helpers/raw-http';
import {
  emit,
  eventuallyUser,
  startWebhookHarness,
  userAnonymousId,
  type WebhookHarness,
} from '../../helpers/webhook-harness';

const CUSTOMERS = { id: 'c0ffee000000000000000002', name: 'Customers' };
const MAX_BYTES = 1024 * 1024;
const CONCURRENCY = 2;
const FIFTY_MB = 50 * 1024 * 1024;

describe('Hull notification intake bounds', () => {
  let harness: WebhookHarness;
  let url: string;
  let attacker: Server;
  let attackerHits = 0;
  let attackerUrl: string;

  beforeAll(async () => {
    harness = await startWebhookHarness(
      'notification-intake',
      { synchronized_user_segments: [CUSTOMERS.id] },
      { HULL_NOTIFICATION_MAX_BYTES: String(MAX_BYTES), HULL_NOTIFICATION_CONCURRENCY: String(CONCURRENCY) },
    );
    harness.hull.upsertSegment({ ...CUSTOMERS, type: 'users_segment' });
    url = `${harness.apiUrl}/hull/notifications`;
    // The attacker's own key server: it would serve the key its JWTs verify with.
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    attacker = createServer((_req, res) => {
      attackerHits += 1;
      res.end(pem);
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/key`;
  });

  afterAll(async () => {
    await harness?.stop();
    await new Promise((resolve) => attacker?.close(resolve));
  });

  /** A signed notification for one new user in the synchronized segment, and its exact bytes. */
  function signedNotification() {
    const user = harness.hull.upsertUser({ email: `intake-${randomUUID().slice(0, 8)}@example.org` });
    const body = notificationBody(harness, 'user:update', [
      userMessage({ id: user.id, email: user.email!, segments: [CUSTOMERS] }),
    ]);
    const bytes = Buffer.from(JSON.stringify(body));
    return { user, bytes, headers: signedHeaders(harness, body.notification_id) };
  }

  const userWorkflowExists = (hullUserId: string) =>
    workflowExists(harness, workflowIds.hullUser(harness.hull.connectorId, hullUserId));

  it('refuses an unsigned 50 MB notification from its headers, before one byte of the body, and closes', async () => {
    const request = rawPost(url, { 'content-type': 'application/json' }, FIFTY_MB);
    const answer = await request.answer;
    expect(request.sent).toBe(0);
    expect(answer).toMatchObject({ status: 401, body: { code: 'MISSING_SIGNATURE_HEADERS' } });
    expect(answer.headers.connection).toBe('close');
    await request.closed;
  });

  it("refuses a JWT signed by the attacker's key at the attacker's key URL, without fetching it", async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forged = await new SignJWT({ jti: 'forged' })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
      .setIssuedAt()
      .sign(privateKey);
    const request = rawPost(
      url,
      {
        'content-type': 'application/json',
        'x-hull-smart-notifier': 'true',
        'x-hull-smart-notifier-signature-version': 'v1',
        'x-hull-smart-notifier-signature': forged,
        'x-hull-smart-notifier-signature-public-key-url': attackerUrl,
      },
      FIFTY_MB,
    );
    const answer = await request.answer;
    expect(request.sent).toBe(0);
    expect(answer).toMatchObject({ status: 401, body: { code: 'INVALID_CERTIFICATE' } });
    expect(attackerHits).toBe(0);
    request.destroy();
  });

  it('refuses a signed notification larger than HULL_NOTIFICATION_MAX_BYTES before reading it (413)', async () => {
    const { headers } = signedNotification();
    const request = rawPost(url, headers, MAX_BYTES + 1);
    const answer = await request.answer;
    expect(request.sent).toBe(0);
    expect(answer).toMatchObject({ status: 413 });
    expect(answer.headers.connection).toBe('close');
    request.destroy();
  });

  it('answers 415 to a signed notification that is not JSON, before reading it', async () => {
    const { headers } = signedNotification();
    const request = rawPost(url, { ...headers, 'content-type': 'text/plain' }, 1000);
    const answer = await request.answer;
    expect(request.sent).toBe(0);
    expect(answer.status).toBe(415);
    request.destroy();
  });

  it('reads at most HULL_NOTIFICATION_CONCURRENCY at once; the next gets 503 with flow control, unread; webhooks still go through', async () => {
    // Two signed notifications whose bodies are half sent: both slots are taken while they trickle in.
    const slow = Array.from({ length: CONCURRENCY }, () => {
      const notification = signedNotification();
      const request = rawPost(url, notification.headers, notification.bytes.length);
      request.send(notification.bytes.subarray(0, notification.bytes.length >> 1));
      return { notification, request };
    });
    // The gate is taken once the server has the headers: the third request is deferred without its body.
    const third = signedNotification();
    const deferred = await eventually(async () => {
      const request = rawPost(url, third.headers, third.bytes.length);
      const answer = await request.answer;
      request.destroy();
      expect(answer.status).toBe(503);
      expect(request.sent).toBe(0);
      return answer;
    });
    expect(deferred.body).toMatchObject({
      code: 'TOO_MANY_NOTIFICATIONS',
      flow_control: { type: 'retry' },
    });

    // Meanwhile a signed Intercom webhook is accepted and applied.
    const contact = harness.intercom.createContact({ role: 'user', email: 'during-attack@example.org' });
    await emit(harness, 'contact.user.created', contact);
    await eventuallyUser(harness.hull, userAnonymousId(String(contact.id)));

    // The slow ones finish and are taken; then the deferred one, sent again, is taken too.
    for (const { notification, request } of slow) {
      request.send(notification.bytes.subarray(notification.bytes.length >> 1));
      expect(await request.answer).toMatchObject({ status: 200, body: { accepted: 1 } });
      request.destroy();
    }
    const again = rawPost(url, third.headers, third.bytes.length);
    again.send(third.bytes);
    expect(await again.answer).toMatchObject({ status: 200, body: { accepted: 1 } });
    again.destroy();
    for (const user of [...slow.map(({ notification }) => notification.user), third.user])
      expect(await userWorkflowExists(user.id)).toBe(true);
  });
});
