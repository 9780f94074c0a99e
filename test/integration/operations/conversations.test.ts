/**
 * Conversation operations and the raw call through the real stack and the simulator (requests validated
 * against the 2.16 description): list, search, get, create both ways, reply (admin note, contact comment
 * with attachments, to the contact's last conversation), assign, snooze, open, close, mark read, update,
 * participants; the raw call's answers, its 4xx, and the paths and headers it refuses.
 */
import { expectConformingTraffic, startHarness, type Harness } from '../../helpers/engine-harness';
import { operate, result } from '../../helpers/operations';

interface Page<T> {
  data: T[];
  next_cursor: string | null;
  total_count?: number;
}
interface Conversation {
  id: string;
  state: string;
  read?: boolean;
  admin_assignee_id?: number;
  team_assignee_id?: number | string;
  snoozed_until?: number | null;
  custom_attributes?: Record<string, unknown>;
  contacts?: { contacts: Array<{ id: string }> };
}
type Errors = { errors: Array<{ path: string; message: string }> };
const fields = (answer: { body: Errors }) => answer.body.errors.map((e) => e.path).sort();

describe('operations: conversations and the raw call', () => {
  let harness: Harness;
  let user: string;
  let lead: string;
  let admin: string;

  beforeAll(async () => {
    harness = await startHarness({ name: 'op-conversations', settings: { fetch_users: false, fetch_leads: false } });
    user = harness.intercom.createContact({ role: 'user', email: 'talker@example.com' }).id as string;
    lead = harness.intercom.createContact({ role: 'lead', email: 'guest@example.com' }).id as string;
    admin = harness.intercom.addAdmin({ name: 'Linus', email: 'linus@example.com' }).id as string;
  });

  afterAll(async () => {
    await harness?.stop();
  });

  afterEach(() => expectConformingTraffic(harness.intercom));

  const conversation = (id: string) => harness.intercom.store.conversations.get(id)!;

  it('creates conversations both ways, lists them page by page, searches and gets them', async () => {
    const fromContact = await result<{ conversation_id: string }>(harness, 'conversations.create_from_contact', {
      contact_id: user,
      body: 'My invoice is wrong',
    });
    expect(conversation(fromContact.conversation_id).source.delivered_as).toBe('customer_initiated');
    const fromAdmin = await result<{ conversation_id: string; message_type: string }>(
      harness,
      'conversations.create_from_admin',
      { admin_id: admin, contact_id: user, message_type: 'email', subject: 'Welcome', body: 'Hello there' },
    );
    expect(conversation(fromAdmin.conversation_id).source).toMatchObject({
      type: 'email',
      delivered_as: 'admin_initiated',
      author: { type: 'admin', id: admin },
    });
    await result(harness, 'conversations.create_from_admin', {
      admin_id: admin,
      contact_id: lead,
      contact_role: 'lead',
      message_type: 'in_app',
      body: 'Need help?',
    });

    const seen: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 5; pages += 1) {
      const page: Page<Conversation> = await result<Page<Conversation>>(harness, 'conversations.list', {
        limit: 2,
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...page.data.map((c) => c.id));
      cursor = page.next_cursor;
      if (cursor === null) break;
    }
    expect(seen.sort()).toEqual([...harness.intercom.store.conversations.keys()].sort());

    const byUser = await result<Page<Conversation>>(harness, 'conversations.search', {
      query: {
        operator: 'AND',
        value: [
          { field: 'contact_ids', operator: '=', value: user },
          { field: 'created_at', operator: '<', value: Math.floor(Date.now() / 1000) + 60 },
        ],
      },
      sort: { field: 'created_at', order: 'ascending' },
    });
    expect(byUser.data.map((c) => c.id)).toEqual([fromContact.conversation_id, fromAdmin.conversation_id]);
    expect(await result(harness, 'conversations.get', { conversation_id: fromAdmin.conversation_id })).toMatchObject({
      id: fromAdmin.conversation_id,
      state: 'open',
    });
  });

  it('replies as an admin (note) and as a contact (with attachments, and to the last conversation)', async () => {
    const id = harness.intercom.createConversation(user, 'Question');
    await result(harness, 'conversations.reply', {
      conversation_id: id,
      as: 'admin',
      admin_id: admin,
      message_type: 'note',
      body: 'VIP customer',
    });
    await result(harness, 'conversations.reply', {
      conversation_id: id,
      as: 'contact',
      contact_id: user,
      body: 'Here is a screenshot',
      attachment_urls: ['https://files.example.com/shot.png'],
    });
    const parts = conversation(id).parts;
    expect(parts.map((part) => [part.part_type, part.author.type])).toEqual([
      ['note', 'admin'],
      ['comment', 'user'],
    ]);
    expect(parts[1]!.body).toContain('https://files.example.com/shot.png');

    await result(harness, 'conversations.reply', { as: 'contact', contact_id: lead, body: 'Last one' });
    const latestOfLead = [...harness.intercom.store.conversations.values()]
      .filter((c) => c.contact_ids.includes(lead))
      .sort((a, b) => b.updated_at - a.updated_at)[0]!;
    expect(latestOfLead.parts.at(-1)).toMatchObject({
      part_type: 'comment',
      body: expect.stringContaining('Last one'),
    });
  });

  it('assigns, snoozes, opens, closes, marks read, updates attributes and manages participants', async () => {
    const id = harness.intercom.createConversation(user, 'Billing');
    const assigned = await result<Conversation>(harness, 'conversations.assign', {
      conversation_id: id,
      admin_id: admin,
      assignee_type: 'admin',
      assignee_id: admin,
      body: 'Yours, Linus',
    });
    expect(assigned.admin_assignee_id).toBe(Number(admin));
    await result(harness, 'conversations.assign', {
      conversation_id: id,
      admin_id: admin,
      assignee_type: 'team',
      assignee_id: '77',
    });
    expect(conversation(id).team_assignee_id).toBe(77);

    const until = Math.floor(Date.now() / 1000) + 3600;
    expect(
      await result<Conversation>(harness, 'conversations.snooze', {
        conversation_id: id,
        admin_id: admin,
        snoozed_until: until,
      }),
    ).toMatchObject({ state: 'snoozed', snoozed_until: until });
    expect(await result(harness, 'conversations.open', { conversation_id: id, admin_id: admin })).toMatchObject({
      state: 'open',
    });
    expect(
      await result(harness, 'conversations.close', { conversation_id: id, admin_id: admin, body: 'Solved' }),
    ).toMatchObject({ state: 'closed' });
    expect(await result(harness, 'conversations.mark_read', { conversation_id: id })).toMatchObject({ read: true });
    expect(
      await result(harness, 'conversations.update', {
        conversation_id: id,
        custom_attributes: { issue_type: 'billing' },
      }),
    ).toMatchObject({ custom_attributes: { issue_type: 'billing' } });

    const attached = await result<Conversation>(harness, 'conversations.attach_contact', {
      conversation_id: id,
      admin_id: admin,
      contact_id: lead,
    });
    expect(attached.contacts?.contacts.map((c) => c.id).sort()).toEqual([user, lead].sort());
    await result(harness, 'conversations.detach_contact', { conversation_id: id, admin_id: admin, contact_id: lead });
    expect(conversation(id).contact_ids).toEqual([user]);
    // Intercom refuses removing the last participant: its 422 comes back as a 422.
    const last = await operate<{ intercom: { status: number } }>(harness, 'conversations.detach_contact', {
      conversation_id: id,
      admin_id: admin,
      contact_id: user,
    });
    expect(last.status).toBe(422);
  });

  it('refuses bad conversation input per field', async () => {
    expect(fields(await operate<Errors>(harness, 'conversations.reply', { as: 'admin', body: 'x' }))).toEqual([
      'body.admin_id',
      'body.conversation_id',
    ]);
    expect(
      fields(
        await operate<Errors>(harness, 'conversations.reply', {
          as: 'contact',
          contact_id: user,
          message_type: 'note',
          body: 'x',
        }),
      ),
    ).toEqual(['body.message_type']);
    expect(
      fields(
        await operate<Errors>(harness, 'conversations.create_from_admin', {
          admin_id: admin,
          contact_id: user,
          message_type: 'email',
          body: 'no subject',
        }),
      ),
    ).toEqual(['body.subject']);
    expect(
      fields(
        await operate<Errors>(harness, 'conversations.assign', {
          conversation_id: '1',
          admin_id: admin,
          assignee_type: 'bot',
        }),
      ),
    ).toEqual(['body.assignee_id', 'body.assignee_type']);
    expect(
      fields(
        await operate<Errors>(harness, 'conversations.search', {
          query: { field: 'state', operator: 'LIKE', value: 'x' },
        }),
      ),
    ).toEqual(expect.arrayContaining([expect.stringMatching(/^body\.query/)]));
  });

  it('makes raw calls on the rate budget with the pinned version, and answers Intercom’s 4xx', async () => {
    const before = harness.intercom.requestLog.length;
    const me = await result<{ body: { id: string; type: string } }>(harness, 'raw.call', {
      method: 'GET',
      path: '/me',
    });
    expect(me.body).toMatchObject({ type: 'admin', id: harness.intercom.store.meAdminId });
    const note = await result<{ body: { type: string; id: string } }>(harness, 'raw.call', {
      method: 'POST',
      path: `/contacts/${user}/notes`,
      body: { body: 'Raw note', admin_id: admin },
      headers: { 'X-Request-Source': 'operations-test' },
    });
    expect(note.body.type).toBe('note');
    const listed = await result<{ body: { data: unknown[] } }>(harness, 'raw.call', {
      method: 'GET',
      path: '/contacts',
      query: { per_page: 1 },
    });
    expect(listed.body.data).toHaveLength(1);
    expect(harness.intercom.requestLog.slice(before).map((r) => `${r.method} ${r.route}`)).toEqual([
      'GET /me',
      'POST /contacts/{contact_id}/notes',
      'GET /contacts',
    ]);

    const missing = await operate<{ code: string; intercom: { status: number } }>(harness, 'raw.call', {
      method: 'GET',
      path: '/contacts/0123456789abcdef01234567',
    });
    expect({ status: missing.status, code: missing.body.code }).toEqual({ status: 404, code: 'not_found' });
  });

  it('refuses raw calls that would leave the API host or replace the engine’s headers', async () => {
    const before = harness.intercom.requestLog.length;
    for (const path of [
      'https://evil.example.com/me',
      '//evil.example.com/me',
      '/contacts/../../admin',
      '/contacts/%2e%2e/secrets',
      '/me?x=1',
      'me',
      '/a\\b',
    ]) {
      const answer = await operate<Errors>(harness, 'raw.call', { method: 'GET', path });
      expect({ path, status: answer.status, fields: fields(answer) }).toEqual({
        path,
        status: 400,
        fields: ['body.path'],
      });
    }
    const headers = await operate<Errors>(harness, 'raw.call', {
      method: 'GET',
      path: '/me',
      headers: { Authorization: 'Bearer stolen', 'Intercom-Version': '1.0' },
    });
    expect(fields(headers)).toEqual(['body.headers.Authorization', 'body.headers.Intercom-Version']);
    expect(fields(await operate<Errors>(harness, 'raw.call', { method: 'PATCH', path: '/me' }))).toEqual([
      'body.method',
    ]);
    expect(harness.intercom.requestLog.length).toBe(before);
  });
});
