/**
 * Tags applied and removed by name on contacts (by id, external_id, email), companies (by id,
 * company_id) and conversations (by id, on behalf of an admin), the tag created when Intercom lacks it;
 * a re-run of unchanged rows sends nothing.
 */
import { expectConformingTraffic, startHarness, type Harness } from '../../helpers/engine-harness';
import { defineActivation, runActivation, runRecords, sql } from '../../helpers/activations';

describe('activation: tags on contacts, companies and conversations', () => {
  let harness: Harness;
  let admin: string;

  beforeAll(async () => {
    harness = await startHarness({
      name: 'act-tags',
      activations: true,
      settings: { fetch_users: false, fetch_leads: false },
    });
    admin = [...harness.intercom.store.admins.keys()][0]!;
  });

  afterAll(async () => {
    await harness?.stop();
  });

  afterEach(() => expectConformingTraffic(harness.intercom));

  const contactTags = (id: string) =>
    [...(harness.intercom.store.contactTags.get(id)?.keys() ?? [])]
      .map((tagId) => harness.intercom.store.tags.get(tagId)!.name)
      .sort();
  const companyTags = (id: string) =>
    [...(harness.intercom.store.companyTags.get(id) ?? [])]
      .map((tagId) => harness.intercom.store.tags.get(tagId)!.name)
      .sort();

  async function tagRun(name: string, table: string, definition: Record<string, unknown>) {
    await defineActivation(harness, {
      name,
      source: { kind: 'postgres', query: `SELECT * FROM ${table}` },
      ...definition,
    });
    return runRecords(harness, (await runActivation(harness, name)).links);
  }

  it.each([['id'], ['external_id'], ['email']])('applies and removes a tag on contacts found by %s', async (field) => {
    const people = [1, 2].map(
      (n) =>
        harness.intercom.createContact({
          role: 'user',
          email: `${field}-${n}@example.com`,
          external_id: `${field}-${n}`,
        }).id as string,
    );
    const ident = (n: number) =>
      field === 'id' ? people[n - 1]! : field === 'email' ? `${field}-${n}@example.com` : `${field}-${n}`;
    const table = `contact_tags_${field}`;
    await sql(harness, `CREATE TABLE ${table} (who text, segment text)`);
    await sql(harness, `INSERT INTO ${table} VALUES ($1, 'VIP'), ($2, 'Churn risk'), ('nobody-${field}', 'VIP')`, [
      ident(1),
      ident(2),
    ]);
    const applied = await tagRun(`apply-${field}`.replace(/_/g, '-'), table, {
      object: 'contact_tag',
      behaviour: 'apply',
      identifier: { field, column: 'who' },
      tag: { column: 'segment' },
    });
    expect(contactTags(people[0]!)).toEqual(['VIP']);
    expect(contactTags(people[1]!)).toEqual(['Churn risk']);
    expect(applied.filter((r) => r.status === 'written').map((r) => r.action)).toEqual(['tag', 'tag']);
    expect(applied.find((r) => r.key === `nobody-${field}`)).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('no contact has'),
    });

    const removed = await tagRun(`remove-${field}`.replace(/_/g, '-'), table, {
      object: 'contact_tag',
      behaviour: 'remove',
      identifier: { field, column: 'who' },
      tag: { column: 'segment' },
    });
    expect(contactTags(people[0]!)).toEqual([]);
    expect(contactTags(people[1]!)).toEqual([]);
    expect(removed.filter((r) => r.status === 'written').map((r) => r.action)).toEqual(['untag', 'untag']);
  });

  it.each([['id'], ['company_id']])(
    'applies and removes a tag on companies found by %s, with one request per tag',
    async (field) => {
      const companies = [1, 2].map(
        (n) => harness.intercom.createCompany({ company_id: `${field}-co-${n}`, name: `Co ${n}` }).id as string,
      );
      const table = `company_tags_${field}`;
      await sql(harness, `CREATE TABLE ${table} (co text)`);
      await sql(
        harness,
        `INSERT INTO ${table} VALUES ($1), ($2)`,
        field === 'id' ? companies : [`${field}-co-1`, `${field}-co-2`],
      );
      const before = harness.intercom.requestCount('POST', '/tags');
      await tagRun(`co-apply-${field}`.replace(/_/g, '-'), table, {
        object: 'company_tag',
        behaviour: 'apply',
        identifier: { field, column: 'co' },
        tag: { name: 'Key account' },
      });
      expect(harness.intercom.requestCount('POST', '/tags') - before).toBe(1);
      expect(companyTags(companies[0]!)).toEqual(['Key account']);
      expect(companyTags(companies[1]!)).toEqual(['Key account']);

      // Unchanged rows: the next run of the same activation sends nothing.
      const quiet = harness.intercom.requestLog.length;
      const again = await runActivation(harness, `co-apply-${field}`.replace(/_/g, '-'));
      expect(again.progress).toMatchObject({ unchanged: 2, written: 0 });
      expect(harness.intercom.requestLog.length).toBe(quiet);

      await tagRun(`co-remove-${field}`.replace(/_/g, '-'), table, {
        object: 'company_tag',
        behaviour: 'remove',
        identifier: { field, column: 'co' },
        tag: { name: 'Key account' },
      });
      expect(companyTags(companies[0]!)).toEqual([]);
      expect(companyTags(companies[1]!)).toEqual([]);
    },
  );

  it('applies and removes a tag on conversations, on behalf of an admin, creating the tag when missing', async () => {
    const contact = harness.intercom.createContact({ role: 'user', email: 'talker@example.com' }).id as string;
    const conversations = [
      harness.intercom.createConversation(contact, 'Refund?'),
      harness.intercom.createConversation(contact, 'Invoice?'),
    ];
    await sql(harness, 'CREATE TABLE conversation_tags (conversation_id text, topic text)');
    await sql(
      harness,
      `INSERT INTO conversation_tags VALUES ($1, 'Billing'), ($2, 'Billing'), ('999999999', 'Billing')`,
      conversations,
    );
    expect(harness.intercom.store.tagByName('Billing')).toBeUndefined();
    const applied = await tagRun('conv-apply', 'conversation_tags', {
      object: 'conversation_tag',
      behaviour: 'apply',
      identifier: { field: 'id', column: 'conversation_id' },
      tag: { column: 'topic' },
      admin_id: admin,
    });
    expect(conversations.map((id) => harness.intercom.conversationTags(id))).toEqual([['Billing'], ['Billing']]);
    expect(applied.find((r) => r.key === '999999999')).toMatchObject({
      status: 'failed',
      errorCode: 'not_found',
      errorMessage: 'Conversation not found',
    });
    const tagging = harness.intercom.requestLog.filter((r) => r.route === '/conversations/{conversation_id}/tags');
    expect(tagging.every((r) => (r.body as { admin_id?: string }).admin_id === admin)).toBe(true);

    await tagRun('conv-remove', 'conversation_tags', {
      object: 'conversation_tag',
      behaviour: 'remove',
      identifier: { field: 'id', column: 'conversation_id' },
      tag: { column: 'topic' },
      admin_id: admin,
    });
    expect(conversations.map((id) => harness.intercom.conversationTags(id))).toEqual([[], []]);
  });
});
