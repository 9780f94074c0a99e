/**
 * Company and tag operations through the real stack and the simulator (requests validated against the
 * 2.16 description): lists by page with filters, the scroll, lookups, upsert, delete, a company's contacts
 * and segments, attaching contacts; tags listed, upserted, deleted, attached to and detached from
 * companies, conversations and contacts. Bad input per resource.
 */
import { expectConformingTraffic, startHarness, type Harness } from '../../helpers/engine-harness';
import { operate, result } from '../../helpers/operations';

interface Page<T> {
  data: T[];
  next_cursor: string | null;
  total_count?: number;
}
interface Company {
  id: string;
  company_id?: string | null;
  name?: string | null;
}
interface Tag {
  id: string;
  name: string;
}

/** Every page of a list operation, following next_cursor. */
async function allPages<T>(harness: Harness, name: string, input: Record<string, unknown>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 20; pages += 1) {
    const page: Page<T> = await result<Page<T>>(harness, name, { ...input, ...(cursor ? { cursor } : {}) });
    items.push(...page.data);
    cursor = page.next_cursor;
    if (cursor === null) return items;
  }
  throw new Error(`${name} did not end within 20 pages`);
}

describe('operations: companies and tags', () => {
  let harness: Harness;
  let contactId: string;
  const companies: Company[] = [];

  beforeAll(async () => {
    harness = await startHarness({ name: 'op-companies', settings: { fetch_users: false, fetch_leads: false } });
    contactId = harness.intercom.createContact({ role: 'user', email: 'owner@example.com' }).id as string;
    for (let n = 1; n <= 5; n += 1) {
      const company = harness.intercom.createCompany({
        company_id: `acme-${n}`,
        name: `Acme ${n}`,
      }) as unknown as Company;
      // Intercom lists only companies with at least one contact.
      harness.intercom.attachContactToCompany(contactId, company.id);
      companies.push(company);
    }
  });

  afterAll(async () => {
    await harness?.stop();
  });

  afterEach(() => expectConformingTraffic(harness.intercom));

  it('lists companies page by page, by segment and by tag, and scrolls through all of them', async () => {
    const listed = await allPages<Company>(harness, 'companies.list', { limit: 2, order: 'asc' });
    expect(listed.map((c) => c.company_id).sort()).toEqual(companies.map((c) => c.company_id).sort());

    const segment = harness.intercom.createCompanySegment('Big ones', [companies[0]!.id, companies[1]!.id]);
    const bySegment = await allPages<Company>(harness, 'companies.list', { segment_id: segment.id, limit: 1 });
    expect(bySegment.map((c) => c.id).sort()).toEqual([companies[0]!.id, companies[1]!.id].sort());

    await result(harness, 'tags.attach_company', { name: 'partner', company_id: companies[2]!.id });
    const partner = [...harness.intercom.store.tags.values()].find((tag) => tag.name === 'partner')!;
    const byTag = await result<Page<Company>>(harness, 'companies.list', { tag_id: partner.id });
    expect(byTag.data.map((c) => c.id)).toEqual([companies[2]!.id]);

    const scrolled = await allPages<Company>(harness, 'companies.scroll', {});
    expect(scrolled.map((c) => c.id).sort()).toEqual(companies.map((c) => c.id).sort());
  });

  it('gets a company by id, by company_id and by name; upserts and deletes one', async () => {
    const target = companies[3]!;
    expect(await result<Company>(harness, 'companies.get', { company_id: target.id })).toMatchObject({ id: target.id });
    expect(await result<Company>(harness, 'companies.find', { company_id: 'acme-4' })).toMatchObject({ id: target.id });
    expect(await result<Company>(harness, 'companies.find', { name: 'Acme 4' })).toMatchObject({ id: target.id });

    const updated = await result<Company>(harness, 'companies.upsert', {
      company_id: 'acme-4',
      name: 'Acme Four',
      plan: 'gold',
      size: 40,
    });
    expect(updated).toMatchObject({ id: target.id, name: 'Acme Four' });
    const created = await result<Company>(harness, 'companies.upsert', { company_id: 'fresh-1', name: 'Fresh' });
    expect(harness.intercom.store.companies.get(created.id)?.name).toBe('Fresh');

    expect(await result(harness, 'companies.delete', { company_id: created.id })).toMatchObject({ deleted: true });
    expect(harness.intercom.store.companies.has(created.id)).toBe(false);
  });

  it("lists a company's contacts and segments, attaches and detaches a contact", async () => {
    const company = companies[4]!;
    const other = harness.intercom.createContact({ role: 'lead', email: 'other@example.com' }).id as string;
    expect(
      await result<Company>(harness, 'companies.attach_contact', { company_id: company.id, contact_id: other }),
    ).toMatchObject({ id: company.id });
    const members = await allPages<{ id: string }>(harness, 'companies.contacts', { company_id: company.id, limit: 1 });
    expect(members.map((c) => c.id).sort()).toEqual([contactId, other].sort());

    await result(harness, 'companies.detach_contact', { company_id: company.id, contact_id: other });
    const after = await result<Page<{ id: string }>>(harness, 'companies.contacts', { company_id: company.id });
    expect(after.data.map((c) => c.id)).toEqual([contactId]);

    const segments = await result<Page<{ id: string }>>(harness, 'companies.segments', { company_id: company.id });
    expect(segments).toMatchObject({ data: [], next_cursor: null });
  });

  it('refuses bad company input per field', async () => {
    const both = await operate<{ errors: Array<{ path: string }> }>(harness, 'companies.list', {
      segment_id: 's',
      tag_id: 't',
    });
    expect(both.status).toBe(400);
    expect(both.body.errors.map((e) => e.path)).toEqual(['body.tag_id']);
    const upsert = await operate<{ errors: Array<{ path: string }> }>(harness, 'companies.upsert', {
      name: 'No key',
      website: 'not a url',
      size: -1,
    });
    expect(upsert.status).toBe(400);
    expect(upsert.body.errors.map((e) => e.path).sort()).toEqual(['body.company_id', 'body.size', 'body.website']);
    expect((await operate(harness, 'companies.list', { cursor: 'zero' })).status).toBe(400);
    expect((await operate(harness, 'companies.find', { company_id: 'a', name: 'b' })).status).toBe(400);
  });

  it('lists, gets, upserts and deletes tags, and tags contacts and conversations', async () => {
    const vip = await result<Tag>(harness, 'tags.upsert', { name: 'VIP' });
    expect(await result<Tag>(harness, 'tags.upsert', { name: 'VIP' })).toMatchObject({ id: vip.id });
    const renamed = await result<Tag>(harness, 'tags.upsert', { tag_id: vip.id, name: 'Very important' });
    expect(renamed).toMatchObject({ id: vip.id, name: 'Very important' });
    expect(await result<Tag>(harness, 'tags.get', { tag_id: vip.id })).toMatchObject({ name: 'Very important' });
    const all = await allPages<Tag>(harness, 'tags.list', { limit: 1 });
    expect(all.map((tag) => tag.id)).toContain(vip.id);

    await result(harness, 'tags.attach_contact', { contact_id: contactId, tag_id: vip.id });
    expect([...(harness.intercom.store.contactTags.get(contactId)?.keys() ?? [])]).toContain(vip.id);
    await result(harness, 'tags.detach_contact', { contact_id: contactId, tag_id: vip.id });
    expect([...(harness.intercom.store.contactTags.get(contactId)?.keys() ?? [])]).not.toContain(vip.id);

    const conversation = harness.intercom.createConversation(contactId, 'Help');
    const admin = harness.intercom.store.meAdminId;
    await result(harness, 'tags.attach_conversation', {
      conversation_id: conversation,
      tag_id: vip.id,
      admin_id: admin,
    });
    expect(harness.intercom.conversationTags(conversation)).toEqual(['Very important']);
    await result(harness, 'tags.detach_conversation', {
      conversation_id: conversation,
      tag_id: vip.id,
      admin_id: admin,
    });
    expect(harness.intercom.conversationTags(conversation)).toEqual([]);

    await result(harness, 'tags.attach_company', { name: 'Very important', company_id: companies[0]!.id });
    expect(harness.intercom.store.companyTags.get(companies[0]!.id)?.has(vip.id)).toBe(true);
    await result(harness, 'tags.detach_company', { name: 'Very important', company_id: companies[0]!.id });
    expect(harness.intercom.store.companyTags.get(companies[0]!.id)?.has(vip.id) ?? false).toBe(false);

    expect(await result(harness, 'tags.delete', { tag_id: vip.id })).toEqual({ ok: true });
    expect(harness.intercom.store.tags.has(vip.id)).toBe(false);
  });

  it('refuses bad tag input per field, and answers a missing tag with 404', async () => {
    const answer = await operate<{ errors: Array<{ path: string }> }>(harness, 'tags.attach_conversation', {
      conversation_id: '1',
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((e) => e.path).sort()).toEqual(['body.admin_id', 'body.tag_id']);
    expect((await operate(harness, 'tags.upsert', { name: '' })).status).toBe(400);
    const missing = await operate<{ intercom: { status: number } }>(harness, 'tags.get', { tag_id: '999999' });
    expect(missing.status).toBe(404);
    expect(missing.body.intercom.status).toBe(404);
  });
});
