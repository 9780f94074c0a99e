/**
 * Conformance with Intercom's OpenAPI description of REST API 2.16: every implemented endpoint is exercised
 * on its success and error paths with the spec validator attached, and every response must validate
 * (errors against the `error` component). Deliberately invalid requests must be flagged as such.
 */
import { IntercomSimulator } from '../src';
import { createIntercomSpecValidator, type IntercomSpecValidator } from '../src/spec-validator';
import { clientFor, list, ManualClock, str, type Client } from './support';

let validator: IntercomSpecValidator;
let sim: IntercomSimulator;
let client: Client;
let clock: ManualClock;
/** Request violations a test provokes on purpose, as `METHOD /template request:` prefixes. */
let expectedRequestViolations: string[];

const ids = {} as {
  user: string;
  lead: string;
  company: string;
  tag: string;
  segment: string;
  conversation: string;
  admin: string;
  attribute: number;
};

beforeAll(async () => {
  validator = createIntercomSpecValidator();
  clock = new ManualClock(Date.UTC(2024, 2, 10, 12, 0, 0));
  sim = new IntercomSimulator({ specValidator: validator, now: clock.read, rateLimitPerMinute: 600_000 });
  client = clientFor(await sim.start());
  sim.seed({ users: 40, leads: 15, companies: 8, seed: 3, referenceTime: clock.now });
  const user = [...sim.store.contacts.values()].find(
    (c) => c.role === 'user' && sim.store.companyIdsOf(c.id).length === 1,
  )!;
  ids.user = user.id;
  ids.lead = [...sim.store.contacts.values()].find((c) => c.role === 'lead')!.id;
  ids.company = sim.store.companyIdsOf(user.id)[0]!;
  ids.tag = [...sim.store.tags.values()].find((t) => t.name === 'Newsletter')!.id;
  ids.segment = [...sim.store.segments.keys()][0]!;
  ids.conversation = [...sim.store.conversations.keys()][0]!;
  ids.admin = [...sim.store.admins.keys()][1]!;
  ids.attribute = [...sim.store.dataAttributes.values()].find((a) => a.name === 'seats')!.id;
});

afterAll(() => sim.stop());

beforeEach(() => {
  expectedRequestViolations = [];
  sim.specViolations.length = 0;
  sim.faults.clear();
});

afterEach(() => {
  const responses = sim.specViolations.filter((v) => v.includes(' response '));
  const requests = sim.specViolations.filter((v) => v.includes(' request: '));
  expect(responses).toEqual([]);
  const unexpected = requests.filter((v) => !expectedRequestViolations.some((prefix) => v.startsWith(prefix)));
  expect(unexpected).toEqual([]);
  const missing = expectedRequestViolations.filter((prefix) => !requests.some((v) => v.startsWith(prefix)));
  expect(missing).toEqual([]);
});

function expectStatus(res: { status: number }, status: number): void {
  expect(res.status).toBe(status);
}

describe('contacts', () => {
  it('list, search, get, find, create, update, archive, delete', async () => {
    const list = await client.get('/contacts?per_page=30');
    expectStatus(list, 200);
    expectStatus(
      await client.get(
        `/contacts?per_page=30&starting_after=${encodeURIComponent(str(list.body.pages?.next?.starting_after))}`,
      ),
      200,
    );
    expectStatus(await client.get(`/contacts/${ids.user}?include_merge_history=true`), 200);
    const external = sim.store.contacts.get(ids.user)!.external_id!;
    expectStatus(await client.get(`/contacts/find_by_external_id/${external}`), 200);
    expectStatus(
      await client.post('/contacts/search', {
        query: {
          operator: 'AND',
          value: [
            {
              operator: 'OR',
              value: [
                { field: 'role', operator: '=', value: 'user' },
                { field: 'email', operator: '~', value: 'a' },
              ],
            },
            { operator: 'OR', value: [{ field: 'updated_at', operator: '>', value: 1_600_000_000 }] },
          ],
        },
        sort: { field: 'updated_at', order: 'ascending' },
        pagination: { per_page: 5 },
      }),
      200,
    );
    const created = await client.post('/contacts', {
      role: 'user',
      external_id: 'conf-1',
      email: 'conf@example.com',
      email_verified: true,
      name: 'Conformance',
      avatar: 'https://example.com/a.png',
      owner_id: ids.admin,
      signed_up_at: 1_700_000_000,
      custom_attributes: { seats: 4, plan: 'growth', beta_tester: true, mrr: 12.5 },
    });
    expectStatus(created, 200);
    const id = str(created.body.id);
    expectStatus(
      await client.put(`/contacts/${id}`, { name: null, phone: '+15550100', custom_attributes: { seats: 5 } }),
      200,
    );
    expectStatus(await client.post(`/contacts/${id}/archive`), 200);
    expectStatus(await client.post(`/contacts/${id}/unarchive`), 200);
    expectStatus(await client.del(`/contacts/${id}`), 200);
  });

  it('error paths: 404, 409, 400 and 410', async () => {
    expectStatus(await client.get('/contacts/000000000000000000000000'), 404);
    expectStatus(await client.put('/contacts/000000000000000000000000', { name: 'x' }), 404);
    expectStatus(await client.del('/contacts/000000000000000000000000'), 404);
    expectStatus(await client.post('/contacts/000000000000000000000000/archive'), 404);
    expectStatus(await client.get('/contacts/find_by_external_id/nobody'), 404);
    const external = sim.store.contacts.get(ids.user)!.external_id!;
    expectStatus(await client.post('/contacts', { role: 'user', external_id: external }), 409);
    expectStatus(
      await client.post('/contacts', { role: 'user', email: 'x@example.com', custom_attributes: { nope: 1 } }),
      400,
    );
    expectStatus(
      await client.post('/contacts/search', { query: { field: 'shoe_size', operator: '=', value: '1' } }),
      400,
    );

    const lead = await client.post('/contacts', { role: 'lead', email: 'merge-me@example.com' });
    const user = await client.post('/contacts', {
      role: 'user',
      external_id: 'merge-target',
      email: 'other@example.com',
    });
    expectStatus(await client.post('/contacts/merge', { from: lead.body.id, into: user.body.id }), 400);
    expectStatus(
      await client.post('/contacts/merge', { from: lead.body.id, into: user.body.id, skip_duplicate_validation: true }),
      200,
    );
    expectStatus(await client.get(`/contacts/${str(lead.body.id)}`), 410);
  });

  it('flags requests the spec forbids, and answers them with Intercom errors', async () => {
    expectedRequestViolations = ['POST /contacts request:', 'POST /contacts/search request:'];
    expectStatus(await client.post('/contacts', { name: 'No identity' }), 400);
    expectStatus(
      await client.post('/contacts/search', {
        query: { field: 'role', operator: '=', value: 'user' },
        sort: { field: 'updated_at', order: 'desc' },
      }),
      400,
    );
  });
});

describe('contact sub-resources', () => {
  it('tags, companies, segments and notes', async () => {
    expectStatus(await client.get(`/contacts/${ids.user}/tags`), 200);
    expectStatus(await client.post(`/contacts/${ids.user}/tags`, { id: ids.tag }), 200);
    expectStatus(await client.del(`/contacts/${ids.user}/tags/${ids.tag}`), 200);
    expectStatus(await client.post(`/contacts/${ids.user}/tags`, { id: '999999' }), 404);
    expectStatus(await client.del(`/contacts/${ids.user}/tags/999999`), 404);

    expectStatus(await client.get(`/contacts/${ids.user}/companies?per_page=1`), 200);
    const other = [...sim.store.companies.keys()].find((id) => !sim.store.companyIdsOf(ids.user).includes(id))!;
    expectStatus(await client.post(`/contacts/${ids.user}/companies`, { id: other }), 200);
    expectStatus(await client.del(`/contacts/${ids.user}/companies/${other}`), 200);
    expectStatus(await client.post(`/contacts/${ids.user}/companies`, { id: 'no-such-company' }), 404);
    expectStatus(await client.del(`/contacts/${ids.user}/companies/${other}`), 404);

    expectStatus(await client.get(`/contacts/${ids.user}/segments`), 200);
    expectStatus(
      await client.post(`/contacts/${ids.user}/notes`, { body: 'Called about renewal', admin_id: ids.admin }),
      200,
    );
    expectStatus(await client.get(`/contacts/${ids.user}/notes`), 200);
    expectStatus(await client.get('/contacts/000000000000000000000000/notes'), 404);
  });

  it('flags a missing required body field', async () => {
    expectedRequestViolations = ['POST /contacts/{contact_id}/companies request:'];
    expectStatus(await client.post(`/contacts/${ids.user}/companies`, {}), 400);
  });
});

describe('companies', () => {
  it('upsert, lookups, lists, scroll, get, update, contacts, segments, delete', async () => {
    expectStatus(
      await client.post('/companies', {
        company_id: 'conf-co',
        name: 'Conformance Ltd',
        plan: 'growth',
        size: 12,
        website: 'https://conf.example',
        industry: 'SaaS',
        monthly_spend: 100,
        remote_created_at: 1_600_000_000,
        update_last_request_at: true,
        custom_attributes: { tier: 'smb', employees: 12, churn_risk: false },
      }),
      200,
    );
    expectStatus(await client.get('/companies?company_id=conf-co'), 200);
    expectStatus(await client.get('/companies?per_page=3&page=2'), 200);
    expectStatus(await client.get(`/companies?tag_id=${ids.tag}`), 200);
    expectStatus(await client.post('/companies/list?per_page=3&order=desc'), 200);
    const scroll = await client.get('/companies/scroll');
    expectStatus(scroll, 200);
    expectStatus(await client.get(`/companies/scroll?scroll_param=${str(scroll.body.scroll_param)}`), 200);
    expectStatus(await client.get(`/companies/${ids.company}`), 200);
    expectStatus(await client.put(`/companies/${ids.company}`, { name: 'Renamed Co', size: 99 }), 200);
    expectStatus(await client.get(`/companies/${ids.company}/contacts`), 200);
    expectStatus(await client.get(`/companies/${ids.company}/segments`), 200);
    const paying = sim.createCompanySegment('Paying companies', [ids.company]);
    expectStatus(await client.get(`/companies/${ids.company}/segments`), 200);
    expectStatus(await client.get(`/companies?segment_id=${String(paying.id)}`), 200);
    const created = sim.store.companyByCompanyId('conf-co')!;
    expectStatus(await client.del(`/companies/${created.id}`), 200);
  });

  it('error paths', async () => {
    expectStatus(await client.post('/companies', { company_id: 'x', test: 'invalid' }), 400);
    expectStatus(await client.get('/companies?company_id=missing'), 404);
    expectStatus(await client.get('/companies/000000000000000000000000'), 404);
    expectStatus(await client.put('/companies/000000000000000000000000', { name: 'x' }), 404);
    expectStatus(await client.del('/companies/000000000000000000000000'), 404);
    expectStatus(await client.get('/companies/000000000000000000000000/contacts'), 404);
    expectStatus(await client.get('/companies/scroll'), 200);
    expectStatus(await client.get('/companies/scroll'), 400);
    expectStatus(await client.get('/companies/scroll?scroll_param=stale'), 404);
  });
});

describe('tags', () => {
  it('list, create, rename, bulk tag and untag, get, delete', async () => {
    expectStatus(await client.get('/tags'), 200);
    const created = await client.post('/tags', { name: 'Conformance' });
    expectStatus(created, 200);
    expectStatus(await client.post('/tags', { id: created.body.id, name: 'Conformance 2' }), 200);
    expectStatus(
      await client.post('/tags', { name: 'Conformance 2', companies: [{ id: ids.company }, { company_id: 'nope' }] }),
      200,
    );
    expectStatus(
      await client.post('/tags', { name: 'Conformance 2', companies: [{ id: ids.company, untag: true }] }),
      200,
    );
    expectStatus(await client.post('/tags', { name: 'Conformance 2', users: [{ id: ids.user }] }), 200);
    expectStatus(await client.get(`/tags/${str(created.body.id)}`), 200);
    expectStatus(await client.del(`/tags/${str(created.body.id)}`), 200);
    expectStatus(await client.get(`/tags/${str(created.body.id)}`), 404);
    expectStatus(await client.del('/tags/424242'), 404);
    const vip = [...sim.store.tags.values()].find((t) => t.name === 'VIP')!;
    expectStatus(await client.del(`/tags/${vip.id}`), 400);
  });

  it('flags an invalid tag body', async () => {
    expectedRequestViolations = ['POST /tags request:'];
    expectStatus(await client.post('/tags', { test: 'invalid' }), 400);
  });
});

describe('data attributes', () => {
  it('list, create, update and their errors', async () => {
    expectStatus(await client.get('/data_attributes?model=contact&include_archived=true'), 200);
    expectStatus(await client.get('/data_attributes?model=company'), 200);
    expectStatus(await client.get('/data_attributes'), 200);
    expectStatus(
      await client.post('/data_attributes', { name: 'Mithril Shirt', model: 'company', data_type: 'string' }),
      200,
    );
    expectStatus(
      await client.post('/data_attributes', {
        name: 'size_band',
        model: 'contact',
        data_type: 'options',
        options: [{ value: 's' }, { value: 'm' }],
      }),
      200,
    );
    expectStatus(
      await client.post('/data_attributes', { name: 'Mithril Shirt', model: 'contact', data_type: 'string' }),
      400,
    );
    expectStatus(
      await client.put(`/data_attributes/${ids.attribute}`, { description: 'Seats bought', archived: false }),
      200,
    );
    expectStatus(await client.put('/data_attributes/99999', { archived: true }), 404);
  });

  it('flags requests outside the spec enums', async () => {
    expectedRequestViolations = ['GET /data_attributes request:', 'POST /data_attributes request:'];
    expectStatus(await client.get('/data_attributes?model=conversation'), 422);
    expectStatus(await client.post('/data_attributes', { name: 'Ring', model: 'company', data_type: 'mithril' }), 400);
  });
});

describe('events', () => {
  it('submit, list, summarize and 404', async () => {
    const external = sim.store.contacts.get(ids.user)!.external_id!;
    const now = Math.floor(clock.now / 1000);
    expectStatus(
      await client.post('/events', {
        event_name: 'ran-conformance',
        created_at: now,
        user_id: external,
        metadata: { suite: 'spec' },
      }),
      202,
    );
    expectStatus(await client.post('/events', { event_name: 'ran-conformance', created_at: now, id: ids.lead }), 202);
    expectStatus(
      await client.post('/events', { event_name: 'ran-conformance', created_at: now, user_id: 'nobody' }),
      404,
    );
    expectStatus(await client.get(`/events?type=user&intercom_user_id=${ids.user}&per_page=1`), 200);
    expectStatus(await client.get(`/events?type=user&user_id=${external}&summary=true`), 200);
  });
});

describe('workspace resources', () => {
  it('conversation tags: apply and remove on behalf of an admin, and their 404s', async () => {
    const conversation = ids.conversation;
    expectStatus(await client.post(`/conversations/${conversation}/tags`, { id: ids.tag, admin_id: ids.admin }), 200);
    expectStatus(
      await client.call('DELETE', `/conversations/${conversation}/tags/${ids.tag}`, { admin_id: ids.admin }),
      200,
    );
    expectStatus(
      await client.call('DELETE', `/conversations/${conversation}/tags/${ids.tag}`, { admin_id: ids.admin }),
      404,
    );
    expectStatus(await client.post('/conversations/999999999/tags', { id: ids.tag, admin_id: ids.admin }), 404);
  });

  it('me, admins, segments, conversations', async () => {
    expectStatus(await client.get('/me'), 200);
    expectStatus(await client.get('/admins?display_avatar=true'), 200);
    expectStatus(await client.get(`/admins/${ids.admin}`), 200);
    expectStatus(await client.get('/admins/1'), 404);
    expectStatus(await client.get('/segments?include_count=true'), 200);
    expectStatus(await client.get(`/segments/${ids.segment}`), 200);
    expectStatus(await client.get('/segments/nope'), 404);
    expectStatus(await client.get(`/conversations/${ids.conversation}`), 200);
    expectStatus(await client.get('/conversations/1'), 404);
  });

  it('away mode, activity logs and a note by id', async () => {
    expectStatus(
      await client.put(`/admins/${ids.admin}/away`, { away_mode_enabled: true, away_mode_reassign: false }),
      200,
    );
    expectStatus(await client.put('/admins/1/away', { away_mode_enabled: true, away_mode_reassign: false }), 404);
    const logs = await client.get(`/admins/activity_logs?created_at_after=${Math.floor(clock.now / 1000) - 60}`);
    expectStatus(logs, 200);
    expect(list(logs.body.activity_logs)).toHaveLength(1);
    const noteId = [...sim.store.notes.keys()][0]!;
    expectStatus(await client.get(`/notes/${noteId}`), 200);
    expectStatus(await client.get('/notes/1'), 404);
  });

  it('conversations: list, search, create (contact and admin), reply, parts, update, participants', async () => {
    const page = await client.get('/conversations?per_page=2');
    expectStatus(page, 200);
    expect(list(page.body.conversations)).toHaveLength(2);
    expectStatus(
      await client.post('/conversations/search', {
        query: { operator: 'AND', value: [{ field: 'state', operator: '=', value: 'open' }] },
        pagination: { per_page: 5 },
        sort: { field: 'created_at', order: 'ascending' },
      }),
      200,
    );
    const created = await client.post('/conversations', { from: { type: 'user', id: ids.user }, body: 'Help' });
    expectStatus(created, 200);
    const conversation = str(created.body.conversation_id);
    const message = {
      message_type: 'email',
      subject: 'Hi',
      body: 'Hello',
      template: 'plain',
      from: { type: 'admin', id: Number(ids.admin) },
      to: { type: 'user', id: ids.user },
      create_conversation_without_contact_reply: true,
    };
    expectStatus(await client.post('/messages', message), 200);
    expectStatus(
      await client.post(`/conversations/${conversation}/reply`, {
        message_type: 'note',
        type: 'admin',
        admin_id: ids.admin,
        body: 'n',
      }),
      200,
    );
    expectStatus(
      await client.post(`/conversations/${conversation}/reply`, {
        message_type: 'comment',
        type: 'user',
        intercom_user_id: ids.user,
        body: 'c',
        attachment_urls: ['https://example.com/a.png'],
      }),
      200,
    );
    expectStatus(
      await client.post('/conversations/last/reply', {
        message_type: 'comment',
        type: 'user',
        intercom_user_id: ids.user,
        body: 'again',
      }),
      200,
    );
    for (const part of [
      { message_type: 'assignment', type: 'admin', admin_id: ids.admin, assignee_id: ids.admin, body: 'yours' },
      { message_type: 'snoozed', admin_id: ids.admin, snoozed_until: Math.floor(clock.now / 1000) + 3600 },
      { message_type: 'open', admin_id: ids.admin },
      { message_type: 'close', type: 'admin', admin_id: ids.admin },
    ]) {
      expectStatus(await client.post(`/conversations/${conversation}/parts`, part), 200);
    }
    expectStatus(
      await client.put(`/conversations/${conversation}`, { read: true, custom_attributes: { issue: 'x' } }),
      200,
    );
    expectStatus(
      await client.post(`/conversations/${conversation}/customers`, {
        admin_id: ids.admin,
        customer: { intercom_user_id: ids.lead },
      }),
      200,
    );
    expectStatus(
      await client.call('DELETE', `/conversations/${conversation}/customers/${ids.lead}`, { admin_id: ids.admin }),
      200,
    );
    expectStatus(
      await client.call('DELETE', `/conversations/${conversation}/customers/${ids.user}`, { admin_id: ids.admin }),
      422,
    );
    expectStatus(await client.post('/conversations/1/parts', { message_type: 'open', admin_id: ids.admin }), 404);
    expectStatus(await client.post('/conversations', { from: { type: 'user', id: '0'.repeat(24) }, body: 'x' }), 404);
  });
});

describe('cross-cutting failures', () => {
  it('401, bad version, 429 storm and injected 5xx all carry Intercom error bodies', async () => {
    expectStatus(await clientFor(sim.url, 'bad-token').get('/contacts'), 401);
    expectStatus(await client.call('GET', '/me', undefined, { 'Intercom-Version': '9.99' }), 400);
    sim.faults.set({ rateLimitStorm: { count: 1 } });
    expectStatus(await client.get('/tags'), 429);
    sim.faults.set({ errorRate: 1 });
    const failed = await client.get(`/contacts/${ids.user}`);
    expect([500, 502, 503]).toContain(failed.status);
  });

  it('the validator itself rejects bodies that break the spec', () => {
    expect(validator.validateResponse('GET', '/contacts/{contact_id}', 200, { type: 'contact', id: 42 })).toEqual([
      'body/id must be string',
    ]);
    expect(validator.validateComponent('error', { type: 'error.list', errors: [{ message: 'no code' }] })).toEqual([
      "/errors/0 must have required property 'code'",
    ]);
  });
});
