/** Companies: upsert by company_id, visibility rules of lists, the one-at-a-time scroll, contact attachment. */
import type { IntercomSimulator } from '../src';
import { errorOf, idsOf, list, startSimulator, str, type Client, type ManualClock } from './support';

let sim: IntercomSimulator;
let client: Client;
let clock: ManualClock;

beforeEach(async () => {
  ({ sim, client, clock } = await startSimulator({ scrollPageSize: 10, scrollIdleTimeoutMs: 60_000 }));
});

afterEach(() => sim.stop());

function companyWithUser(companyId: string, lastRequestAt?: number): string {
  const company = sim.createCompany({ company_id: companyId, name: `Company ${companyId}` });
  if (lastRequestAt !== undefined) sim.store.companies.get(company.id as string)!.last_request_at = lastRequestAt;
  const contact = sim.createContact({ role: 'user', external_id: `user-of-${companyId}` });
  sim.attachContactToCompany(contact.id as string, company.id as string);
  return company.id as string;
}

describe('POST /companies', () => {
  it('creates, then updates the company with the same company_id', async () => {
    sim.createDataAttribute({ name: 'arr', model: 'company', data_type: 'float' });
    const created = await client.post('/companies', {
      company_id: 'c-1',
      name: 'Acme',
      plan: 'pro',
      monthly_spend: 99.9,
      custom_attributes: { arr: 1200.5 },
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      type: 'company',
      company_id: 'c-1',
      name: 'Acme',
      monthly_spend: 99,
      plan: { type: 'plan', name: 'pro' },
      user_count: 0,
      custom_attributes: { arr: 1200.5 },
      tags: { type: 'tag.list', tags: [] },
    });
    clock.advance(5_000);
    const updated = await client.post('/companies', { company_id: 'c-1', size: 40 });
    expect(updated.body).toMatchObject({ id: created.body.id, name: 'Acme', size: 40, updated_at: clock.now / 1000 });
    expect(sim.store.companies.size).toBe(1);
  });

  it('rejects unknown parameters and unknown custom attributes', async () => {
    const bad = await client.post('/companies', { company_id: 'c-1', test: 'invalid' });
    expect(bad.status).toBe(400);
    expect(errorOf(bad)).toEqual({ code: 'bad_request', message: "bad 'test' parameter" });
    const unknown = await client.post('/companies', { company_id: 'c-1', custom_attributes: { nope: 'x' } });
    expect(unknown.status).toBe(400);
    expect(errorOf(unknown)?.code).toBe('parameter_invalid');
    expect((await client.post('/companies', { name: 'No id' })).status).toBe(400);
  });
});

describe('lookups and lists', () => {
  it('finds by company_id or name and answers company_not_found otherwise', async () => {
    const id = companyWithUser('c-1');
    expect(list((await client.get('/companies?company_id=c-1')).body.data)[0]?.id).toBe(id);
    expect(list((await client.get('/companies?name=Company%20c-1')).body.data)[0]?.id).toBe(id);
    const missing = await client.get('/companies?company_id=nope');
    expect(missing.status).toBe(404);
    expect(errorOf(missing)).toEqual({ code: 'company_not_found', message: 'Company Not Found' });
    expect((await client.get('/companies/000000000000000000000000')).status).toBe(404);
  });

  it('lists only companies with contacts; POST /companies/list orders by last_request_at', async () => {
    sim.createCompany({ company_id: 'lonely', name: 'No users yet' });
    const older = companyWithUser('older', 1_000);
    const newer = companyWithUser('newer', 2_000);
    const list = await client.get('/companies');
    expect(list.body.total_count).toBe(2);
    const byRequest = await client.post('/companies/list?per_page=1');
    expect(idsOf(byRequest.body)).toEqual([newer]);
    expect(byRequest.body.pages).toMatchObject({ page: 1, per_page: 1, total_pages: 2, next: { page: 2 } });
    const second = await client.post('/companies/list?per_page=1&page=2');
    expect(idsOf(second.body)).toEqual([older]);
    expect(second.body.pages?.next).toBeNull();
    const ascending = await client.post('/companies/list?order=asc');
    expect(idsOf(ascending.body)).toEqual([older, newer]);
  });
});

describe('GET /companies/scroll', () => {
  it('serves every listed company once with a fixed scroll_param, ending with empty data', async () => {
    for (let i = 0; i < 25; i += 1) companyWithUser(`c-${i}`);
    const first = await client.get('/companies/scroll');
    expect(first.body).toMatchObject({ type: 'list', pages: null, total_count: null });
    const param = str(first.body.scroll_param);
    const ids: string[] = idsOf(first.body);
    for (;;) {
      const next = await client.get(`/companies/scroll?scroll_param=${param}`);
      expect(next.body.scroll_param).toBe(param);
      if (list(next.body.data).length === 0) break;
      ids.push(...idsOf(next.body));
    }
    expect(ids).toHaveLength(25);
    expect(new Set(ids).size).toBe(25);
    // The finished scroll is gone, so a new one may start.
    expect((await client.get(`/companies/scroll?scroll_param=${param}`)).status).toBe(404);
    expect((await client.get('/companies/scroll')).status).toBe(200);
  });

  it('allows one open scroll per app and expires it after the idle timeout', async () => {
    for (let i = 0; i < 15; i += 1) companyWithUser(`c-${i}`);
    const first = await client.get('/companies/scroll');
    const second = await client.get('/companies/scroll');
    expect(second.status).toBe(400);
    expect(errorOf(second)).toEqual({ code: 'scroll_exists', message: 'scroll already exists for this app' });

    clock.advance(59_000);
    expect((await client.get(`/companies/scroll?scroll_param=${str(first.body.scroll_param)}`)).status).toBe(200);
    clock.advance(60_001);
    const expired = await client.get(`/companies/scroll?scroll_param=${str(first.body.scroll_param)}`);
    expect(expired.status).toBe(404);
    expect((await client.get('/companies/scroll')).status).toBe(200);
  });
});

describe('contacts and companies', () => {
  it('attaches by Intercom company id, lists both ways and detaches', async () => {
    const company = sim.createCompany({ company_id: 'c-1', name: 'Acme' });
    const contact = sim.createContact({ role: 'user', external_id: 'u-1' });
    const companyId = company.id as string;
    const contactId = contact.id as string;
    expect((await client.post(`/contacts/${contactId}/companies`, { id: 'c-1' })).status).toBe(404);
    expect(errorOf(await client.post(`/contacts/${contactId}/companies`, {}))?.code).toBe('parameter_not_found');
    const attached = await client.post(`/contacts/${contactId}/companies`, { id: companyId });
    expect(attached.body).toMatchObject({ id: companyId, user_count: 1 });
    expect(idsOf((await client.get(`/contacts/${contactId}/companies`)).body)).toEqual([companyId]);
    expect(idsOf((await client.get(`/companies/${companyId}/contacts`)).body)).toEqual([contactId]);
    expect((await client.del(`/contacts/${contactId}/companies/${companyId}`)).body.user_count).toBe(0);
    expect((await client.del(`/contacts/${contactId}/companies/${companyId}`)).status).toBe(404);
  });

  it('shows at most 10 companies in the contact summary, with has_more', async () => {
    const contact = sim.createContact({ role: 'user', external_id: 'busy' });
    for (let i = 0; i < 12; i += 1) {
      const company = sim.createCompany({ company_id: `c-${i}` });
      sim.attachContactToCompany(contact.id as string, company.id as string);
    }
    const fetched = await client.get(`/contacts/${contact.id as string}`);
    expect(fetched.body.companies).toMatchObject({ total_count: 12, has_more: true });
    expect(fetched.body.companies?.data).toHaveLength(10);
  });

  it('holds company segments: embedded as a segment.list, listed per company, filtered on, not contact segments', async () => {
    const acme = companyWithUser('acme');
    const other = companyWithUser('other');
    const paying = sim.createCompanySegment('Paying', [acme]);
    expect((await client.get(`/companies/${acme}`)).body.segments).toEqual({
      type: 'segment.list',
      segments: [expect.objectContaining({ type: 'segment', id: paying.id, name: 'Paying' })],
    });
    expect((await client.get(`/companies/${other}`)).body.segments).toEqual({ type: 'segment.list', segments: [] });
    expect(idsOf((await client.get(`/companies/${acme}/segments`)).body)).toEqual([paying.id]);
    expect(idsOf((await client.get(`/companies?segment_id=${String(paying.id)}`)).body)).toEqual([acme]);
    expect(list((await client.get('/segments')).body.segments).map((s) => s.id)).not.toContain(paying.id);
    const [contactId] = sim.store.contactIdsOf(acme);
    expect((await client.get(`/contacts/${contactId!}/segments`)).body.data).toEqual([]);
  });

  it('deletes a company and detaches its contacts', async () => {
    const id = companyWithUser('c-1');
    expect((await client.del(`/companies/${id}`)).body).toEqual({ id, object: 'company', deleted: true });
    const contact = sim.store.contactsByExternalId('user', 'user-of-c-1')[0]!;
    expect((await client.get(`/contacts/${contact.id}`)).body.companies?.total_count).toBe(0);
  });
});
