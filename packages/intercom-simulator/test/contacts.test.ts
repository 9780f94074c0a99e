/** Contact behaviour: strict create with 409s, typed custom attributes, partial updates, archive, merge + 410. */
import type { IntercomSimulator } from '../src';
import { errorOf, idsOf, startSimulator, str, type Client, type ManualClock } from './support';

let sim: IntercomSimulator;
let client: Client;
let clock: ManualClock;

beforeEach(async () => {
  ({ sim, client, clock } = await startSimulator());
  sim.createDataAttribute({ name: 'plan', model: 'contact', data_type: 'string' });
  sim.createDataAttribute({ name: 'seats', model: 'contact', data_type: 'integer' });
  sim.createDataAttribute({ name: 'beta', model: 'contact', data_type: 'boolean' });
  sim.createDataAttribute({ name: 'renews_at', model: 'contact', data_type: 'date' });
  sim.createDataAttribute({
    name: 'tier',
    model: 'contact',
    data_type: 'options',
    options: [{ value: 'gold' }, { value: 'silver' }],
  });
});

afterEach(() => sim.stop());

describe('POST /contacts', () => {
  it('creates a contact with Intercom defaults and derived fields', async () => {
    const res = await client.post('/contacts', {
      role: 'user',
      external_id: 'u-1',
      email: 'Ada@Example.com',
      name: 'Ada',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      type: 'contact',
      role: 'user',
      external_id: 'u-1',
      email: 'Ada@Example.com',
      email_domain: 'Example.com',
      workspace_id: 'sandboxapp',
      created_at: clock.now / 1000,
      updated_at: clock.now / 1000,
      signed_up_at: clock.now / 1000,
      location: { type: 'location' },
      tags: { type: 'list', data: [], url: `/contacts/${str(res.body.id)}/tags`, total_count: 0, has_more: false },
    });
    expect(res.body.id).toMatch(/^[0-9a-f]{24}$/);
  });

  it('answers 409 with the existing id for the same role and external_id', async () => {
    const first = await client.post('/contacts', { role: 'user', external_id: 'u-1' });
    const second = await client.post('/contacts', { role: 'user', external_id: 'u-1', email: 'other@example.com' });
    expect(second.status).toBe(409);
    expect(errorOf(second)).toEqual({
      code: 'conflict',
      message: `A contact matching those details already exists with id=${str(first.body.id)}`,
    });
  });

  it('treats the same email as a duplicate unless external ids conflict, and only within a role', async () => {
    const user = await client.post('/contacts', { role: 'user', email: 'a@example.com', external_id: 'u-1' });
    expect((await client.post('/contacts', { role: 'user', email: 'A@example.com' })).status).toBe(409);
    expect((await client.post('/contacts', { role: 'user', email: 'a@example.com', external_id: 'u-1' })).status).toBe(
      409,
    );
    const differentExternalId = await client.post('/contacts', {
      role: 'user',
      email: 'a@example.com',
      external_id: 'u-2',
    });
    expect(differentExternalId.status).toBe(200);
    expect(differentExternalId.body.id).not.toBe(user.body.id);
    expect((await client.post('/contacts', { role: 'lead', email: 'a@example.com' })).status).toBe(200);
  });

  it('says "An archived contact" when the duplicate is archived', async () => {
    const user = await client.post('/contacts', { role: 'user', external_id: 'u-9' });
    await client.post(`/contacts/${str(user.body.id)}/archive`);
    const again = await client.post('/contacts', { role: 'user', external_id: 'u-9' });
    expect(again.status).toBe(409);
    expect(errorOf(again)?.message).toBe(
      `An archived contact matching those details already exists with id=${str(user.body.id)}`,
    );
  });

  it('requires custom attributes to exist and to match their data type', async () => {
    const unknown = await client.post('/contacts', {
      role: 'user',
      email: 'x@example.com',
      custom_attributes: { nope: 1 },
    });
    expect(unknown.status).toBe(400);
    expect(errorOf(unknown)).toMatchObject({
      code: 'parameter_invalid',
      message: "Custom attribute 'nope' does not exist",
    });

    for (const [key, value] of [
      ['seats', '3'],
      ['seats', 2.5],
      ['beta', 'yes'],
      ['plan', 42],
      ['renews_at', '2024-01-01'],
      ['tier', 'bronze'],
      ['plan', { nested: true }],
    ] as const) {
      const res = await client.post('/contacts', {
        role: 'user',
        email: 'x@example.com',
        custom_attributes: { [key]: value },
      });
      expect({ key, value, status: res.status, code: res.body.errors?.[0]?.code }).toEqual({
        key,
        value,
        status: 400,
        code: 'parameter_invalid',
      });
    }
    const ok = await client.post('/contacts', {
      role: 'user',
      email: 'x@example.com',
      custom_attributes: { seats: 3, beta: true, plan: 'pro', renews_at: 1_700_000_000, tier: 'gold' },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.custom_attributes).toEqual({
      seats: 3,
      beta: true,
      plan: 'pro',
      renews_at: 1_700_000_000,
      tier: 'gold',
    });
  });

  it('rejects bodies without email, external_id or role, bad roles and email_verified without email', async () => {
    expect(errorOf(await client.post('/contacts', { name: 'Nobody' }))?.code).toBe('parameter_not_found');
    expect((await client.post('/contacts', { role: 'visitor' })).status).toBe(400);
    expect((await client.post('/contacts', { role: 'user', email_verified: true })).status).toBe(400);
  });
});

describe('PUT /contacts/{id}', () => {
  it('updates only the given fields, clears with null and leaves updated_at alone when nothing changed', async () => {
    const created = await client.post('/contacts', {
      role: 'user',
      external_id: 'u-1',
      email: 'a@example.com',
      name: 'Ada',
      phone: '+353 1 555 0000',
      custom_attributes: { plan: 'pro', seats: 2 },
    });
    const id = str(created.body.id);
    clock.advance(60_000);
    const updated = await client.put(`/contacts/${id}`, {
      name: 'Ada L.',
      phone: null,
      custom_attributes: { seats: null },
    });
    expect(updated.body).toMatchObject({
      name: 'Ada L.',
      phone: null,
      email: 'a@example.com',
      updated_at: clock.now / 1000,
    });
    expect(updated.body.custom_attributes).toEqual({ plan: 'pro' });

    clock.advance(60_000);
    const noop = await client.put(`/contacts/${id}`, { name: 'Ada L.' });
    expect(noop.body.updated_at).toBe(updated.body.updated_at);
  });

  it('converts a lead to a user in place and refuses to take another user’s external_id', async () => {
    await client.post('/contacts', { role: 'user', external_id: 'taken' });
    const lead = await client.post('/contacts', { role: 'lead', email: 'lead@example.com' });
    const converted = await client.put(`/contacts/${str(lead.body.id)}`, { role: 'user', external_id: 'new-1' });
    expect(converted.body).toMatchObject({ role: 'user', external_id: 'new-1' });
    const clash = await client.put(`/contacts/${str(lead.body.id)}`, { external_id: 'taken' });
    expect(clash.status).toBe(409);
  });

  it('answers 404 "User Not Found" for unknown ids', async () => {
    const res = await client.put('/contacts/000000000000000000000000', { name: 'x' });
    expect(res.status).toBe(404);
    expect(errorOf(res)).toEqual({ code: 'not_found', message: 'User Not Found' });
  });
});

describe('archive, delete and lookups', () => {
  it('archives (hidden from list and search), unarchives and deletes permanently', async () => {
    const user = await client.post('/contacts', { role: 'user', external_id: 'u-1', email: 'a@example.com' });
    const id = str(user.body.id);
    expect((await client.post(`/contacts/${id}/archive`)).body).toEqual({
      type: 'contact',
      id,
      external_id: 'u-1',
      archived: true,
    });
    expect((await client.get('/contacts')).body.total_count).toBe(0);
    const search = await client.post('/contacts/search', {
      query: { field: 'email', operator: '=', value: 'a@example.com' },
    });
    expect(search.body.total_count).toBe(0);
    expect((await client.post(`/contacts/${id}/unarchive`)).body.archived).toBe(false);
    expect((await client.get('/contacts')).body.total_count).toBe(1);
    expect((await client.del(`/contacts/${id}`)).body).toEqual({
      type: 'contact',
      id,
      external_id: 'u-1',
      deleted: true,
    });
    expect((await client.get(`/contacts/${id}`)).status).toBe(404);
  });

  it('finds users by external id, but not leads', async () => {
    const user = await client.post('/contacts', { role: 'user', external_id: 'ext-1' });
    await client.post('/contacts', { role: 'lead', external_id: 'ext-lead' });
    expect((await client.get('/contacts/find_by_external_id/ext-1')).body.id).toBe(user.body.id);
    expect((await client.get('/contacts/find_by_external_id/ext-lead')).status).toBe(404);
  });
});

describe('POST /contacts/merge', () => {
  it('refuses non-duplicates (2.16) unless skip_duplicate_validation is set', async () => {
    const lead = await client.post('/contacts', { role: 'lead', email: 'lead@example.com' });
    const user = await client.post('/contacts', { role: 'user', email: 'user@example.com' });
    const refused = await client.post('/contacts/merge', { from: lead.body.id, into: user.body.id });
    expect(refused.status).toBe(400);
    expect(errorOf(refused)?.code).toBe('invalid_merge');
    const forced = await client.post('/contacts/merge', {
      from: lead.body.id,
      into: user.body.id,
      skip_duplicate_validation: true,
    });
    expect(forced.status).toBe(200);
  });

  it('moves tags and companies to the user; the lead then answers 410 with a canonical Link', async () => {
    const lead = await client.post('/contacts', {
      role: 'lead',
      email: 'same@example.com',
      custom_attributes: { plan: 'trial' },
    });
    const user = await client.post('/contacts', { role: 'user', email: 'same@example.com', external_id: 'u-1' });
    const leadId = str(lead.body.id);
    const userId = str(user.body.id);
    const tag = await client.post('/tags', { name: 'Hot' });
    await client.post(`/contacts/${leadId}/tags`, { id: tag.body.id });
    const company = await client.post('/companies', { company_id: 'c-1', name: 'Acme' });
    await client.post(`/contacts/${leadId}/companies`, { id: company.body.id });

    const merged = await client.post('/contacts/merge', { from: leadId, into: userId });
    expect(merged.body).toMatchObject({ id: userId, role: 'user', custom_attributes: { plan: 'trial' } });
    expect(merged.body.tags?.data).toEqual([{ type: 'tag', id: tag.body.id, url: `/tags/${str(tag.body.id)}` }]);
    expect(merged.body.companies?.total_count).toBe(1);

    const gone = await client.get(`/contacts/${leadId}`);
    expect(gone.status).toBe(410);
    expect(errorOf(gone)?.code).toBe('contact_merged');
    expect(gone.headers.get('link')).toBe(`</contacts/${userId}>; rel="canonical"`);
    const list = await client.get('/contacts?per_page=150');
    expect(idsOf(list.body)).toEqual([userId]);
    const history = await client.get(`/contacts/${userId}?include_merge_history=true`);
    expect(history.body.merge_history).toEqual([
      {
        type: 'merge_history_item',
        source_contact_id: leadId,
        source_contact_role: 'lead',
        merged_at: clock.now / 1000,
      },
    ]);
  });

  it('only merges a lead into a user', async () => {
    const a = await client.post('/contacts', { role: 'user', email: 'a@example.com' });
    const b = await client.post('/contacts', { role: 'user', email: 'b@example.com', external_id: 'b' });
    expect((await client.post('/contacts/merge', { from: a.body.id, into: b.body.id })).status).toBe(400);
  });
});

describe('admin helpers (changes made inside Intercom)', () => {
  it('stamp updated_at with the given time so incremental fetches can be staged', async () => {
    const contact = sim.createContact({ role: 'user', external_id: 'admin-made' }, { at: 1_700_000_000 });
    expect(contact.created_at).toBe(1_700_000_000);
    const changed = sim.updateContact(contact.id as string, { name: 'Renamed' }, { at: 1_700_000_500 });
    expect(changed.updated_at).toBe(1_700_000_500);
    const fetched = await client.get(`/contacts/${contact.id as string}`);
    expect(fetched.body).toMatchObject({ name: 'Renamed', updated_at: 1_700_000_500 });
  });
});
