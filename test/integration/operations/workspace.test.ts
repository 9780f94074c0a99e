/**
 * Notes, segments, admins, data attributes and data events through the real stack, on a seeded
 * simulator workspace (requests validated against the 2.16 description). Bad input per resource.
 */
import { expectConformingTraffic, startHarness, type Harness } from '../../helpers/engine-harness';
import { operate, result } from '../../helpers/operations';

interface Page<T> {
  data: T[];
  next_cursor: string | null;
  total_count?: number;
}
type Errors = { errors: Array<{ path: string; message: string }> };
const fields = (answer: { body: Errors }) => answer.body.errors.map((e) => e.path).sort();

describe('operations: notes, segments, admins, data attributes, data events', () => {
  let harness: Harness;
  let contactId: string;

  beforeAll(async () => {
    harness = await startHarness({ name: 'op-workspace', settings: { fetch_users: false, fetch_leads: false } });
    harness.intercom.seed({ users: 30, leads: 5, companies: 4, seed: 7 });
    contactId = harness.intercom.createContact({ role: 'user', email: 'notes@example.com', external_id: 'n-1' })
      .id as string;
  });

  afterAll(async () => {
    await harness?.stop();
  });

  afterEach(() => expectConformingTraffic(harness.intercom));

  it('creates notes on a contact (with an admin), lists them and gets one', async () => {
    const admin = harness.intercom.addAdmin({ name: 'Grace', email: 'grace@example.com' });
    const first = await result<{ id: string; body: string; author: { id: string } }>(harness, 'notes.create', {
      contact_id: contactId,
      body: 'Called about the renewal',
      admin_id: admin.id as string,
    });
    expect(first.author.id).toBe(admin.id);
    await result(harness, 'notes.create', { contact_id: contactId, body: 'Second' });
    const listed = await result<Page<{ id: string }>>(harness, 'notes.list', { contact_id: contactId });
    expect(listed).toMatchObject({ total_count: 2, next_cursor: null });
    expect(listed.data.map((note) => note.id)).toContain(first.id);
    expect(await result(harness, 'notes.get', { note_id: first.id })).toMatchObject({
      id: first.id,
      body: expect.stringContaining('renewal'),
    });

    expect(fields(await operate<Errors>(harness, 'notes.create', { contact_id: contactId }))).toEqual(['body.body']);
    const unknownAdmin = await operate<{ code: string }>(harness, 'notes.create', {
      contact_id: contactId,
      body: 'x',
      admin_id: '1',
    });
    expect(unknownAdmin.status).toBe(400);
  });

  it('lists segments (by type, with counts, page by page) and gets one', async () => {
    const all = await result<Page<{ id: string; person_type: string }>>(harness, 'segments.list', { limit: 2 });
    expect(all.data).toHaveLength(2);
    expect(all.next_cursor).toBe('2');
    const leads = await result<Page<{ id: string; person_type: string; count?: number }>>(harness, 'segments.list', {
      type: 'lead',
      include_count: true,
    });
    expect(leads.data.length).toBeGreaterThan(0);
    expect(leads.data.every((segment) => segment.person_type === 'contact' && typeof segment.count === 'number')).toBe(
      true,
    );
    const one = await result<{ id: string }>(harness, 'segments.get', { segment_id: leads.data[0]!.id });
    expect(one.id).toBe(leads.data[0]!.id);
    expect(fields(await operate<Errors>(harness, 'segments.list', { type: 'visitor' }))).toEqual(['body.type']);
    expect((await operate(harness, 'segments.get', { segment_id: 'nope' })).status).toBe(404);
  });

  it('gets the authenticated admin, lists and gets admins, sets one away and lists the activity logs', async () => {
    const me = await result<{ id: string; app: { id_code: string } }>(harness, 'admins.me');
    expect(me.id).toBe(harness.intercom.store.meAdminId);
    const admins = await result<Page<{ id: string }>>(harness, 'admins.list', { limit: 100 });
    expect(admins.data.map((admin) => admin.id).sort()).toEqual([...harness.intercom.store.admins.keys()].sort());
    const target = admins.data.find((admin) => admin.id !== me.id)!;
    expect(await result(harness, 'admins.get', { admin_id: target.id })).toMatchObject({ id: target.id });

    const since = Math.floor(Date.now() / 1000) - 60;
    const away = await result(harness, 'admins.set_away', {
      admin_id: target.id,
      away_mode_enabled: true,
      away_mode_reassign: true,
    });
    expect(away).toMatchObject({ id: target.id, away_mode_enabled: true, away_mode_reassign: true });
    const logs = await result<Page<{ activity_type: string; performed_by: { id: string } }>>(
      harness,
      'admins.activity_logs',
      { created_at_after: since },
    );
    expect(logs.data).toEqual([
      expect.objectContaining({
        activity_type: 'admin_away_mode_change',
        performed_by: expect.objectContaining({ id: target.id }),
      }),
    ]);

    expect(fields(await operate<Errors>(harness, 'admins.set_away', { admin_id: target.id }))).toEqual([
      'body.away_mode_enabled',
      'body.away_mode_reassign',
    ]);
    expect(
      fields(await operate<Errors>(harness, 'admins.activity_logs', { created_at_after: 100, created_at_before: 50 })),
    ).toEqual(['body.created_at_before']);
    expect((await operate(harness, 'admins.get', { admin_id: '42' })).status).toBe(404);
  });

  it('lists, creates and updates data attributes (options, archive)', async () => {
    const created = await result<{ id: number; name: string; data_type: string }>(harness, 'data_attributes.create', {
      name: 'support_tier',
      model: 'contact',
      data_type: 'options',
      options: ['bronze', 'silver'],
      description: 'Support tier',
    });
    // 2.16 answers a list attribute as a string with its options.
    expect(created).toMatchObject({ name: 'support_tier', data_type: 'string', options: ['bronze', 'silver'] });
    const updated = await result<{ options?: string[]; archived?: boolean }>(harness, 'data_attributes.update', {
      data_attribute_id: created.id,
      options: ['bronze', 'silver', 'gold'],
    });
    expect(updated.options).toEqual(['bronze', 'silver', 'gold']);
    await result(harness, 'data_attributes.update', { data_attribute_id: created.id, archived: true });
    const live = await result<Page<{ name: string }>>(harness, 'data_attributes.list', {
      model: 'contact',
      limit: 150,
    });
    expect(live.data.map((attribute) => attribute.name)).not.toContain('support_tier');
    const everything = await result<Page<{ name: string; archived?: boolean }>>(harness, 'data_attributes.list', {
      model: 'contact',
      include_archived: true,
      limit: 150,
    });
    expect(everything.data.find((attribute) => attribute.name === 'support_tier')).toMatchObject({ archived: true });

    expect(
      fields(
        await operate<Errors>(harness, 'data_attributes.create', { name: 'x', model: 'user', data_type: 'options' }),
      ),
    ).toEqual(['body.model']);
    expect(
      fields(
        await operate<Errors>(harness, 'data_attributes.create', { name: 'x', model: 'contact', data_type: 'options' }),
      ),
    ).toEqual(['body.options']);
    expect(fields(await operate<Errors>(harness, 'data_attributes.update', { data_attribute_id: 'abc' }))).toEqual([
      'body.data_attribute_id',
    ]);
  });

  it('submits events with a rich link and a monetary amount, and lists them and their summary', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect(
      await result(harness, 'data_events.submit', {
        event_name: 'ordered',
        created_at: now - 10,
        user_id: 'n-1',
        metadata: {
          order: { url: 'https://shop.example.com/orders/1', value: 'Order 1' },
          price: { amount: 3499, currency: 'EUR' },
          items: 2,
        },
      }),
    ).toEqual({ ok: true });
    await result(harness, 'data_events.submit', {
      event_name: 'ordered',
      created_at: now - 5,
      email: 'notes@example.com',
    });
    await result(harness, 'data_events.submit', { event_name: 'viewed', created_at: now, intercom_user_id: contactId });

    const listed = await result<Page<{ event_name: string; metadata?: Record<string, unknown> }>>(
      harness,
      'data_events.list',
      { intercom_user_id: contactId, limit: 2 },
    );
    expect(listed.data.map((event) => event.event_name)).toEqual(['viewed', 'ordered']);
    expect(listed.next_cursor).not.toBeNull();
    const rest = await result<Page<{ event_name: string; metadata?: Record<string, unknown> }>>(
      harness,
      'data_events.list',
      { intercom_user_id: contactId, limit: 2, cursor: listed.next_cursor },
    );
    expect(rest.data).toEqual([
      expect.objectContaining({
        event_name: 'ordered',
        metadata: expect.objectContaining({ price: { amount: 3499, currency: 'EUR' } }),
      }),
    ]);
    const summary = await result<Page<{ name: string; count: number }>>(harness, 'data_events.list', {
      user_id: 'n-1',
      summary: true,
    });
    expect(summary.data).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'ordered', count: 2 }),
        expect.objectContaining({ name: 'viewed', count: 1 }),
      ]),
    );

    expect(
      fields(
        await operate<Errors>(harness, 'data_events.submit', {
          event_name: 'x',
          created_at: now,
          user_id: 'n-1',
          metadata: { price: { amount: 1.5, currency: 'EURO' } },
        }),
      ),
    ).toEqual(['body.metadata.price']);
    expect(
      fields(
        await operate<Errors>(harness, 'data_events.submit', {
          event_name: 'x',
          created_at: now,
          user_id: 'n-1',
          email: 'notes@example.com',
        }),
      ),
    ).toEqual(['body.user_id']);
    expect(fields(await operate<Errors>(harness, 'data_events.list', {}))).toEqual(['body.user_id']);
  });
});
