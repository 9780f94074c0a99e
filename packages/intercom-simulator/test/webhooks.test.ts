/** Signed 2.x webhook notifications: envelope, signature over the raw body, payload shapes, autoWebhooks. */
import { createHmac, timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { IntercomSimulator, webhookPayloads } from '../src';
import { clientFor, ManualClock, str, type Json } from './support';

interface Received {
  rawBody: string;
  headers: Record<string, string | string[] | undefined>;
}

let receiver: FastifyInstance;
let receiverUrl: string;
let received: Received[];
let sim: IntercomSimulator;

/** What a receiver must do: HMAC-SHA1 over the raw bytes with the client secret, constant-time compare. */
function signatureIsValid(rawBody: string, header: unknown, secret: string): boolean {
  if (typeof header !== 'string' || !header.startsWith('sha1=')) return false;
  const expected = Buffer.from(`sha1=${createHmac('sha1', secret).update(Buffer.from(rawBody)).digest('hex')}`);
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

beforeEach(async () => {
  received = [];
  receiver = Fastify();
  receiver.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  receiver.post('/hooks', async (request, reply) => {
    received.push({ rawBody: request.body as string, headers: request.headers });
    await reply.code(200).send();
  });
  await receiver.listen({ host: '127.0.0.1', port: 0 });
  const address = receiver.server.address();
  receiverUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hooks`;
});

afterEach(async () => {
  await sim.stop();
  await receiver.close();
});

const body = (index: number): Json => JSON.parse(received[index]!.rawBody) as Json;

describe('emitWebhook', () => {
  it('POSTs a notification_event signed with HMAC-SHA1 of the exact raw body', async () => {
    const clock = new ManualClock(Date.UTC(2024, 2, 10, 12, 0, 0));
    sim = new IntercomSimulator({
      now: clock.read,
      clientSecret: 's3cret',
      appId: 'app42',
      webhook: { url: receiverUrl, topics: [] },
    });
    const contact = sim.createContact({ role: 'user', external_id: 'u-1', email: 'u@x.io' });
    const result = await sim.emitWebhook('contact.user.created', contact);
    expect(result.status).toBe(200);
    expect(received).toHaveLength(1);
    const { rawBody, headers } = received[0]!;
    expect(signatureIsValid(rawBody, headers['x-hub-signature'], 's3cret')).toBe(true);
    expect(signatureIsValid(rawBody, headers['x-hub-signature'], 'wrong-secret')).toBe(false);
    expect(signatureIsValid(`${rawBody} `, headers['x-hub-signature'], 's3cret')).toBe(false);
    expect(headers['user-agent']).toBe('intercom-parrot-service-client/1.0');
    expect(body(0)).toMatchObject({
      type: 'notification_event',
      app_id: 'app42',
      id: expect.stringMatching(/^notif_[0-9a-f-]{36}$/) as unknown,
      topic: 'contact.user.created',
      delivery_attempts: 1,
      first_sent_at: clock.now / 1000,
      created_at: clock.now / 1000,
      data: { type: 'notification_event_data', item: { type: 'contact', id: contact.id, external_id: 'u-1' } },
    });
    expect(sim.webhookDeliveries[0]).toMatchObject({ topic: 'contact.user.created', status: 200, rawBody });
  });

  it('refuses to emit without a configured webhook url', async () => {
    sim = new IntercomSimulator();
    await expect(sim.emitWebhook('ping', {})).rejects.toThrow(/webhook/);
  });
});

describe('payload builders', () => {
  it('build the 2.x item shapes', () => {
    sim = new IntercomSimulator();
    sim.seed({ users: 3, leads: 1, companies: 2, seed: 5, referenceTime: Date.UTC(2024, 0, 1) });
    const contact = [...sim.store.contacts.values()].find((c) => c.role === 'user')!;
    const tag = [...sim.store.tags.values()][0]!;
    const company = [...sim.store.companies.values()][0]!;
    const conversation = [...sim.store.conversations.values()][0]!;

    expect(webhookPayloads.contactTagItem(sim.store, contact, tag, 1_700_000_000)).toMatchObject({
      type: 'contact_tag',
      created_at: 1_700_000_000,
      tag: { type: 'tag', id: tag.id, name: tag.name },
      contact: { type: 'contact', id: contact.id },
    });
    expect(webhookPayloads.deletedContactItem(contact)).toEqual({
      type: 'contact',
      id: contact.id,
      external_id: contact.external_id,
      role: 'user',
    });
    expect(webhookPayloads.unsubscribedContactItem(sim.store, contact)).toMatchObject({
      contact: { type: 'contact', id: contact.id },
    });
    expect(webhookPayloads.mergedContactItem(sim.store, contact, 'abc')).toMatchObject({
      id: contact.id,
      merged_from: { type: 'contact', id: 'abc' },
    });
    expect(webhookPayloads.companyItem(sim.store, company)).toMatchObject({
      type: 'company',
      company_id: company.company_id,
    });
    expect(webhookPayloads.conversationItem(sim.store, conversation)).toMatchObject({
      type: 'conversation',
      source: { author: { id: conversation.source.author.id } },
      contacts: { type: 'contact.list', contacts: [{ type: 'contact', id: conversation.contact_ids[0] }] },
      conversation_parts: { type: 'conversation_part.list', total_count: conversation.parts.length },
      admin_assignee_id: conversation.admin_assignee_id,
    });
  });
});

describe('autoWebhooks', () => {
  it('emits the subscribed topics for REST changes, and nothing else', async () => {
    sim = new IntercomSimulator({
      autoWebhooks: true,
      webhook: {
        url: receiverUrl,
        topics: [
          'contact.user.created',
          'contact.lead.updated',
          'contact.user.tag.created',
          'company.created',
          'contact.deleted',
        ],
      },
    });
    const client = clientFor(await sim.start());
    const user = await client.post('/contacts', { role: 'user', external_id: 'u-1' });
    const lead = await client.post('/contacts', { role: 'lead', email: 'lead@x.io' }); // contact.lead.created: not subscribed
    await client.put(`/contacts/${str(lead.body.id)}`, { name: 'Lead Name' });
    await client.put(`/contacts/${str(user.body.id)}`, { name: 'User Name' }); // contact.user.updated: not subscribed
    const tag = await client.post('/tags', { name: 'VIP' });
    await client.post(`/contacts/${str(user.body.id)}/tags`, { id: tag.body.id });
    await client.post('/companies', { company_id: 'c-1', name: 'Acme' });
    await client.post('/companies', { company_id: 'c-1', name: 'Acme Inc' }); // company.updated: not subscribed
    await client.del(`/contacts/${str(user.body.id)}`);
    await sim.flushWebhooks();

    const topics = received.map((_, i) => str(body(i).topic)).sort();
    expect(topics).toEqual([
      'company.created',
      'contact.deleted',
      'contact.lead.updated',
      'contact.user.created',
      'contact.user.tag.created',
    ]);
    const byTopic = (topic: string): Json | undefined =>
      received.map((_, i) => body(i)).find((n) => str(n.topic) === topic);
    expect(byTopic('contact.lead.updated')?.data?.item).toMatchObject({ id: lead.body.id, name: 'Lead Name' });
    expect(byTopic('contact.user.tag.created')?.data?.item).toMatchObject({
      type: 'contact_tag',
      tag: { name: 'VIP' },
    });
    expect(byTopic('contact.deleted')?.data?.item).toEqual({
      type: 'contact',
      id: user.body.id,
      external_id: 'u-1',
      role: 'user',
    });
    for (const notification of received) {
      expect(
        signatureIsValid(notification.rawBody, notification.headers['x-hub-signature'], 'sandbox-client-secret'),
      ).toBe(true);
    }
  });
});
