/** Data attributes, tags, data events, segments, admins and /me. */
import type { IntercomSimulator } from '../src';
import { anyString, errorOf, list, num, startSimulator, str, type Client, type ManualClock } from './support';

let sim: IntercomSimulator;
let client: Client;
let clock: ManualClock;

beforeEach(async () => {
  ({ sim, client, clock } = await startSimulator({ timezone: 'Europe/Dublin', region: 'EU', appId: 'abc123' }));
});

afterEach(() => sim.stop());

describe('data attributes', () => {
  it('lists built-in attributes (custom: false) and custom ones with their full_name', async () => {
    await client.post('/data_attributes', { name: 'seats', model: 'contact', data_type: 'integer' });
    const contact = await client.get('/data_attributes?model=contact');
    const seats = list(contact.body.data).find((a) => str(a.name) === 'seats');
    expect(seats).toMatchObject({
      custom: true,
      full_name: 'custom_attributes.seats',
      data_type: 'integer',
      model: 'contact',
    });
    expect(list(contact.body.data).find((a) => str(a.name) === 'email')).toMatchObject({ custom: false });
    const company = await client.get('/data_attributes?model=company');
    expect(list(company.body.data).every((a) => str(a.model) === 'company')).toBe(true);
    expect((await client.get('/data_attributes?model=conversation')).status).toBe(422);
  });

  it('keeps names unique across models and rejects invalid names, types and models', async () => {
    expect(
      (await client.post('/data_attributes', { name: 'The One Ring', model: 'company', data_type: 'string' })).status,
    ).toBe(200);
    const clash = await client.post('/data_attributes', {
      name: 'The One Ring',
      model: 'contact',
      data_type: 'integer',
    });
    expect(clash.status).toBe(400);
    expect(errorOf(clash)).toMatchObject({
      code: 'parameter_invalid',
      message:
        "You already have 'The One Ring' in your company data. To save this as new people data, use a different name.",
    });
    const builtIn = await client.post('/data_attributes', { name: 'email', model: 'contact', data_type: 'string' });
    expect(builtIn.status).toBe(400);
    for (const body of [
      { name: '!nv@l!d n@me', model: 'company', data_type: 'string' },
      { name: 'dotted.name', model: 'contact', data_type: 'string' },
      { name: 'The Second Ring', model: 'company', data_type: 'mithril' },
      { name: 'Model', model: 'conversation', data_type: 'string' },
      { name: 'One option', model: 'contact', data_type: 'options', options: [{ value: 'a' }] },
    ]) {
      const res = await client.post('/data_attributes', body);
      expect({ body, status: res.status, code: errorOf(res)?.code }).toEqual({
        body,
        status: 400,
        code: 'parameter_invalid',
      });
    }
  });

  it('updates options and archives; archived attributes can no longer be written', async () => {
    const created = await client.post('/data_attributes', {
      name: 'tier',
      model: 'contact',
      data_type: 'options',
      options: [{ value: 'gold' }, { value: 'silver' }],
    });
    expect(created.body).toMatchObject({ data_type: 'string', options: ['gold', 'silver'] });
    const updated = await client.put(`/data_attributes/${num(created.body.id)}`, {
      options: [{ value: 'gold' }, { value: 'silver' }, { value: 'bronze' }],
    });
    expect(updated.body.options).toEqual(['gold', 'silver', 'bronze']);
    await client.put(`/data_attributes/${num(created.body.id)}`, { archived: true });
    const write = await client.post('/contacts', {
      role: 'user',
      email: 'a@b.io',
      custom_attributes: { tier: 'gold' },
    });
    expect(write.status).toBe(400);
    expect(
      list((await client.get('/data_attributes?model=contact')).body.data).some((a) => str(a.name) === 'tier'),
    ).toBe(false);
    const withArchived = await client.get('/data_attributes?model=contact&include_archived=true');
    expect(list(withArchived.body.data).some((a) => str(a.name) === 'tier')).toBe(true);
    expect(errorOf(await client.put('/data_attributes/9999', { archived: true }))?.code).toBe('field_not_found');
  });
});

describe('tags', () => {
  it('finds or creates case-insensitively, renames, gets and deletes', async () => {
    const created = await client.post('/tags', { name: 'Beta' });
    expect(created.body).toEqual({ type: 'tag', id: expect.stringMatching(/^\d+$/) as unknown, name: 'Beta' });
    expect((await client.post('/tags', { name: 'BETA' })).body.id).toBe(created.body.id);
    expect((await client.post('/tags', { id: created.body.id, name: 'Beta 2' })).body.name).toBe('Beta 2');
    expect((await client.get(`/tags/${str(created.body.id)}`)).body.name).toBe('Beta 2');
    expect((await client.get('/tags')).body.data).toHaveLength(1);
    const deleted = await client.del(`/tags/${str(created.body.id)}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toBeUndefined();
    expect((await client.get(`/tags/${str(created.body.id)}`)).status).toBe(404);
  });

  it('tags and untags companies and contacts in bulk, skipping missing entities (2.16)', async () => {
    const company = sim.createCompany({ company_id: 'c-1', name: 'Acme' });
    const contact = sim.createContact({ role: 'user', external_id: 'u-1' });
    const tagged = await client.post('/tags', {
      name: 'Key account',
      companies: [{ company_id: 'c-1' }, { company_id: 'missing' }],
    });
    expect(tagged.body.companies).toEqual([
      { id: 'c-1', tagged: true },
      { id: 'missing', tagged: false },
    ]);
    expect((await client.get(`/companies/${company.id as string}`)).body.tags?.tags?.[0]?.name).toBe('Key account');
    const untagged = await client.post('/tags', { name: 'Key account', companies: [{ id: company.id, untag: true }] });
    expect(untagged.body.companies).toEqual([{ id: company.id, tagged: false }]);
    expect((await client.get(`/companies/${company.id as string}`)).body.tags?.tags).toEqual([]);

    const users = await client.post('/tags', { name: 'Key account', users: [{ id: contact.id }, { id: 'nope' }] });
    expect(users.body.users).toEqual([
      { id: contact.id, tagged: true },
      { id: 'nope', tagged: false },
    ]);
    const contactTags = await client.get(`/contacts/${contact.id as string}/tags`);
    expect(contactTags.body.data?.[0]).toMatchObject({
      name: 'Key account',
      applied_at: clock.now / 1000,
      applied_by: { type: 'admin' },
    });
  });

  it('tags a contact by tag id and untags it; unknown tags are 404', async () => {
    const contact = sim.createContact({ role: 'lead', email: 'l@x.io' });
    const tag = await client.post('/tags', { name: 'Warm' });
    const id = contact.id as string;
    expect((await client.post(`/contacts/${id}/tags`, { id: '424242' })).status).toBe(404);
    expect((await client.post(`/contacts/${id}/tags`, { id: tag.body.id })).body).toMatchObject({
      type: 'tag',
      name: 'Warm',
    });
    expect((await client.get(`/contacts/${id}`)).body.tags?.total_count).toBe(1);
    expect((await client.del(`/contacts/${id}/tags/${str(tag.body.id)}`)).body.name).toBe('Warm');
    expect((await client.get(`/contacts/${id}/tags`)).body.data).toEqual([]);
  });

  it('tags and untags a conversation on behalf of an admin; unknown tags, admins and conversations are 404', async () => {
    const contact = sim.createContact({ role: 'user', email: 'c@x.io' });
    const conversation = sim.createConversation(contact.id as string, 'Refund?');
    const tag = await client.post('/tags', { name: 'Billing' });
    const admin = [...sim.store.admins.keys()][0]!;
    const applied = await client.post(`/conversations/${conversation}/tags`, { id: tag.body.id, admin_id: admin });
    expect(applied.body).toMatchObject({ type: 'tag', name: 'Billing', applied_by: { type: 'admin', id: admin } });
    expect(sim.conversationTags(conversation)).toEqual(['Billing']);
    expect((await client.get(`/conversations/${conversation}`)).body.tags?.tags).toHaveLength(1);
    expect(
      errorOf(await client.post(`/conversations/${conversation}/tags`, { id: '424242', admin_id: admin })),
    ).toMatchObject({ code: 'tag_not_found' });
    expect(
      errorOf(await client.post(`/conversations/${conversation}/tags`, { id: tag.body.id, admin_id: '1' })),
    ).toMatchObject({ code: 'admin_not_found' });
    expect(errorOf(await client.post('/conversations/1/tags', { id: tag.body.id, admin_id: admin }))).toMatchObject({
      code: 'not_found',
    });
    const removed = await client.call('DELETE', `/conversations/${conversation}/tags/${str(tag.body.id)}`, {
      admin_id: admin,
    });
    expect(removed.status).toBe(200);
    expect(sim.conversationTags(conversation)).toEqual([]);
    expect(
      errorOf(
        await client.call('DELETE', `/conversations/${conversation}/tags/${str(tag.body.id)}`, { admin_id: admin }),
      ),
    ).toMatchObject({ code: 'tag_not_found' });
  });

  it('refuses to delete a tag that a segment depends on', async () => {
    sim.seed({ users: 5, leads: 0, companies: 1, seed: 2, referenceTime: clock.now });
    const vip = [...sim.store.tags.values()].find((tag) => tag.name === 'VIP')!;
    const res = await client.del(`/tags/${vip.id}`);
    expect(res.status).toBe(400);
    expect(errorOf(res)).toMatchObject({
      code: 'tag_has_dependent_objects',
      message: expect.stringContaining('VIP') as unknown,
    });
  });
});

describe('data events', () => {
  it('accepts events with 202 and an empty body, drops duplicates and metadata beyond 10 keys', async () => {
    const user = sim.createContact({ role: 'user', external_id: 'u-1', email: 'u@x.io' });
    const lead = sim.createContact({ role: 'lead', email: 'lead@x.io' });
    const metadata = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`key${i}`, i]));
    const first = await client.post('/events', {
      event_name: 'ordered',
      created_at: 1_710_000_000,
      user_id: 'u-1',
      metadata,
    });
    expect(first.status).toBe(202);
    expect(first.body).toBeUndefined();
    expect(
      (await client.post('/events', { event_name: 'ordered', created_at: 1_710_000_000, email: 'u@x.io' })).status,
    ).toBe(202);
    await client.post('/events', { event_name: 'ordered', created_at: 1_710_000_100, id: user.id });
    await client.post('/events', { event_name: 'visited', created_at: 1_710_000_000, id: lead.id });

    const stored = sim.store.events.get(user.id as string)!;
    expect(stored).toHaveLength(2);
    expect(Object.keys(stored[0]!.metadata)).toEqual(Array.from({ length: 10 }, (_, i) => `key${i}`));
    expect(sim.store.events.get(lead.id as string)).toHaveLength(1);
  });

  it('answers 404 for unknown contacts and finds leads only by id', async () => {
    sim.createContact({ role: 'lead', email: 'lead@x.io' });
    expect((await client.post('/events', { event_name: 'x', created_at: 1, user_id: 'nobody' })).status).toBe(404);
    expect((await client.post('/events', { event_name: 'x', created_at: 1, email: 'lead@x.io' })).status).toBe(404);
  });

  it('lists recent events newest first, following pages.next', async () => {
    const user = sim.createContact({ role: 'user', external_id: 'u-1' });
    const now = Math.floor(clock.now / 1000);
    for (let i = 0; i < 5; i += 1) {
      await client.post('/events', { event_name: 'clicked', created_at: now - i * 60, id: user.id });
    }
    await client.post('/events', { event_name: 'ancient', created_at: now - 91 * 86_400, id: user.id });
    const first = await client.get(`/events?type=user&intercom_user_id=${user.id as string}&per_page=3`);
    expect(first.body).toMatchObject({ type: 'event.summary', intercom_user_id: user.id, user_id: 'u-1' });
    expect(list(first.body.events).map((e) => num(e.created_at))).toEqual([now, now - 60, now - 120]);
    const next = await client.call(
      'GET',
      new URL(str(first.body.pages?.next)).pathname + new URL(str(first.body.pages?.next)).search,
    );
    expect(list(next.body.events).map((e) => num(e.created_at))).toEqual([now - 180, now - 240]);
    expect(next.body.pages?.next).toBeUndefined();
    const summary = await client.get(`/events?type=user&user_id=u-1&summary=true`);
    // Summaries still count events older than 90 days.
    expect(summary.body.events).toEqual([
      {
        name: 'clicked',
        count: 5,
        first: new Date((now - 240) * 1000).toISOString(),
        last: new Date(now * 1000).toISOString(),
      },
      { name: 'ancient', count: 1, first: anyString(), last: anyString() },
    ]);
  });
});

describe('workspace resources', () => {
  it('identifies the workspace in /me with region and timezone', async () => {
    const me = await client.get('/me');
    expect(me.body).toMatchObject({
      type: 'admin',
      app: { type: 'app', id_code: 'abc123', region: 'EU', timezone: 'Europe/Dublin' },
    });
  });

  it('serves seeded admins, segments (with counts) and conversations', async () => {
    sim.seed({ users: 30, leads: 10, companies: 5, seed: 4, referenceTime: clock.now });
    const admins = await client.get('/admins');
    expect(admins.body.type).toBe('admin.list');
    expect(admins.body.admins?.length).toBeGreaterThan(1);
    const secondAdmin = str(list(admins.body.admins)[1]?.id);
    expect((await client.get(`/admins/${secondAdmin}`)).body.id).toBe(secondAdmin);
    expect(errorOf(await client.get('/admins/1'))?.code).toBe('admin_not_found');
    const added = sim.addAdmin({ name: 'Nia Okafor', email: 'nia@sandbox-intercom.test' });
    expect((await client.get(`/admins/${String(added.id)}`)).body).toMatchObject({ name: 'Nia Okafor', type: 'admin' });
    expect(list((await client.get('/admins')).body.admins).map((a) => a.id)).toContain(added.id);

    const segments = await client.get('/segments?include_count=true');
    const allUsers = list(segments.body.segments).find((s) => str(s.name) === 'All users');
    expect(allUsers).toMatchObject({ type: 'segment', person_type: 'user', count: 30 });
    const segmentId = str(allUsers?.id);
    expect((await client.get(`/segments/${segmentId}`)).body.name).toBe('All users');
    const search = await client.post('/contacts/search', {
      query: { field: 'segment_id', operator: '=', value: segmentId },
    });
    expect(search.body.total_count).toBe(30);

    const [conversationId] = [...sim.store.conversations.keys()];
    const conversation = await client.get(`/conversations/${conversationId!}`);
    expect(conversation.body).toMatchObject({
      type: 'conversation',
      id: conversationId,
      contacts: { type: 'contact.list' },
    });
    expect(list(conversation.body.conversation_parts?.conversation_parts).length).toBeGreaterThan(0);
    expect((await client.get('/conversations/1')).status).toBe(404);
  });
});
