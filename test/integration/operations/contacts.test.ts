/**
 * Contact operations through the real stack: API → Temporal → the Intercom queue's activity → the
 * simulator (every request validated against the 2.16 description). Also what every operation shares:
 * unknown names, per-field 400s, Intercom's 4xx with its code, 202 and the run to poll, Idempotency-Key.
 */
import { expectConformingTraffic, startHarness, type Harness } from '../../helpers/engine-harness';
import { endedRun, operate, result } from '../../helpers/operations';
import { operationNames } from '../../../src/operations';

interface Contact {
  id: string;
  role: string;
  email?: string | null;
  name?: string | null;
  external_id?: string | null;
  custom_attributes?: Record<string, unknown>;
}
interface Page<T> {
  data: T[];
  next_cursor: string | null;
  total_count?: number;
}

describe('operations: contacts', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({ name: 'op-contacts', settings: { fetch_users: false, fetch_leads: false } });
  });

  afterAll(async () => {
    await harness?.stop();
  });

  afterEach(() => expectConformingTraffic(harness.intercom));

  it('creates, gets, updates, searches, lists page by page and deletes contacts', async () => {
    harness.intercom.createDataAttribute({ name: 'plan', model: 'contact', data_type: 'string' });
    const created = await result<Contact>(harness, 'contacts.create', {
      role: 'user',
      email: 'ada@example.com',
      external_id: 'ada-1',
      name: 'Ada',
      custom_attributes: { plan: 'pro' },
    });
    expect(created).toMatchObject({ role: 'user', email: 'ada@example.com', external_id: 'ada-1' });
    expect(harness.intercom.store.contacts.get(created.id)?.custom_attributes).toEqual({ plan: 'pro' });

    expect(await result<Contact>(harness, 'contacts.get', { contact_id: created.id })).toMatchObject({
      id: created.id,
      name: 'Ada',
    });
    const updated = await result<Contact>(harness, 'contacts.update', { contact_id: created.id, name: 'Ada L.' });
    expect(updated.name).toBe('Ada L.');
    expect(harness.intercom.store.contacts.get(created.id)?.name).toBe('Ada L.');

    for (let i = 0; i < 4; i += 1) harness.intercom.createContact({ role: 'lead', email: `lead${i}@example.com` });
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 10; pages += 1) {
      const page = await result<Page<Contact>>(harness, 'contacts.list', { limit: 2, ...(cursor ? { cursor } : {}) });
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.data.map((contact) => contact.id));
      if (page.next_cursor === null) break;
      cursor = page.next_cursor;
    }
    expect(seen.sort()).toEqual([...harness.intercom.store.contacts.keys()].sort());

    const found = await result<Page<Contact>>(harness, 'contacts.search', {
      query: {
        operator: 'AND',
        value: [
          { field: 'role', operator: '=', value: 'user' },
          { field: 'external_id', operator: '=', value: 'ada-1' },
        ],
      },
    });
    expect(found.data.map((contact) => contact.id)).toEqual([created.id]);

    expect(await result(harness, 'contacts.delete', { contact_id: created.id })).toMatchObject({
      id: created.id,
      deleted: true,
    });
    expect(harness.intercom.store.contacts.has(created.id)).toBe(false);
  });

  it("merges a lead into a user and lists a contact's companies, tags and segments", async () => {
    const user = harness.intercom.createContact({ role: 'user', email: 'merge-user@example.com' });
    const lead = harness.intercom.createContact({ role: 'lead', email: 'merge-user@example.com' });
    const merged = await result<Contact>(harness, 'contacts.merge', {
      lead_id: lead.id as string,
      user_id: user.id as string,
    });
    expect(merged.id).toBe(user.id);
    expect(harness.intercom.store.contacts.has(lead.id as string)).toBe(false);

    const userId = user.id as string;
    for (const n of [1, 2, 3]) {
      const company = harness.intercom.createCompany({ company_id: `co-${n}`, name: `Co ${n}` });
      harness.intercom.attachContactToCompany(userId, company.id as string);
    }
    const first = await result<Page<{ id: string }>>(harness, 'contacts.companies', { contact_id: userId, limit: 2 });
    expect(first).toMatchObject({ total_count: 3, next_cursor: '2' });
    const second = await result<Page<{ id: string }>>(harness, 'contacts.companies', {
      contact_id: userId,
      limit: 2,
      cursor: first.next_cursor,
    });
    expect(second.data).toHaveLength(1);
    expect(second.next_cursor).toBeNull();

    harness.intercom.tagContact(userId, 'vip');
    harness.intercom.tagContact(userId, 'beta');
    const tags = await result<Page<{ name: string }>>(harness, 'contacts.tags', { contact_id: userId, limit: 1 });
    expect(tags).toMatchObject({ total_count: 2, next_cursor: '2' });
    const segments = await result<Page<unknown>>(harness, 'contacts.segments', { contact_id: userId });
    expect(segments.next_cursor).toBeNull();
  });

  it('refuses bad input with one entry per field, before anything reaches Intercom', async () => {
    const before = harness.intercom.requestLog.length;
    const answer = await operate<{ status: number; errors: Array<{ path: string; message: string }> }>(
      harness,
      'contacts.create',
      { email: 'not an email', role: 'admin', custom_attributes: { nested: { no: 1 } } },
    );
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(answer.body.errors.map((error) => error.path).sort()).toEqual(
      expect.arrayContaining(['body.email', 'body.role']),
    );
    expect((await operate(harness, 'contacts.get', {})).status).toBe(400);
    expect((await operate(harness, 'contacts.list', { limit: 500 })).status).toBe(400);
    expect((await operate(harness, 'contacts.create', {})).body).toMatchObject({
      status: 400,
      detail: expect.stringContaining('give at least one of email, external_id or role'),
    });
    expect(harness.intercom.requestLog.length).toBe(before);
  });

  it('answers an unknown operation with 404 and the names there are', async () => {
    const answer = await operate<{ operations: string[]; detail: string }>(harness, 'contacts.frobnicate', {});
    expect(answer.status).toBe(404);
    expect(answer.body.operations).toEqual(operationNames());
    expect(answer.body.operations).toContain('contacts.create');
  });

  it("answers Intercom's 4xx with the same status, its code and message, without retrying", async () => {
    const before = harness.intercom.requestLog.length;
    const missing = await operate<{ code: string; intercom: { status: number; code: string; message: string } }>(
      harness,
      'contacts.get',
      { contact_id: '0123456789abcdef01234567' },
    );
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('not_found');
    expect(missing.body.intercom).toMatchObject({ status: 404, code: 'not_found' });
    expect(harness.intercom.requestLog.length - before).toBe(1);

    harness.intercom.createContact({ role: 'user', email: 'taken@example.com' });
    const conflict = await operate<{ code: string; detail: string }>(harness, 'contacts.create', {
      role: 'user',
      email: 'taken@example.com',
    });
    expect(conflict.status).toBe(409);
    expect(conflict.body.code).toBe('conflict');
    expect(conflict.body.detail).toMatch(/already exists/);
  });

  it('answers 202 and the run to poll when the result takes longer than the wait', async () => {
    const accepted = await operate<{ workflowId: string; run: string; status: string }>(
      harness,
      'contacts.create',
      { role: 'lead', email: 'later@example.com' },
      { wait: 0 },
    );
    expect(accepted.status).toBe(202);
    expect(accepted.headers.get('location')).toBe(accepted.body.run);
    const run = await endedRun(harness, accepted.body.run);
    expect(run).toMatchObject({ status: 'COMPLETED', result: { email: 'later@example.com', role: 'lead' } });
  });

  it('makes one contact of two concurrent creates with one Idempotency-Key, and answers both with it', async () => {
    const input = { role: 'lead', email: 'once@example.com', name: 'Once' };
    const [first, second] = await Promise.all([
      operate<Contact>(harness, 'contacts.create', input, { key: 'create-once-1' }),
      operate<Contact>(harness, 'contacts.create', input, { key: 'create-once-1' }),
    ]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.body.id).toBe(first.body.id);
    const made = [...harness.intercom.store.contacts.values()].filter((c) => c.email === 'once@example.com');
    expect(made).toHaveLength(1);
    expect(harness.intercom.requestCount('POST', '/contacts')).toBeGreaterThanOrEqual(1);

    // A retry after the run ended answers its outcome again; the same key with another input is refused.
    const retried = await operate<Contact>(harness, 'contacts.create', input, { key: 'create-once-1' });
    expect({ status: retried.status, id: retried.body.id }).toEqual({ status: 200, id: first.body.id });
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    const misused = await operate(harness, 'contacts.create', { ...input, name: 'Other' }, { key: 'create-once-1' });
    expect(misused.status).toBe(422);
    expect([...harness.intercom.store.contacts.values()].filter((c) => c.email === 'once@example.com')).toHaveLength(1);
  });
});
