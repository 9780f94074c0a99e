/**
 * The Intercom write batching shared by the writes of one worker process, against the simulator on
 * loopback: TagBatcher (one POST /tags for the contacts tagged alike meanwhile, each told its own
 * result; full batches go at once; a failure reaches every waiter; a cancelled write leaves its batch)
 * and CompanyUpserts (one POST /companies for the members of one account).
 */
import { CompanyUpserts } from '../../../src/intercom/company-upserts';
import { IntercomClient } from '../../../src/intercom/client';
import { IntercomTransientError } from '../../../src/intercom/errors';
import { RateGovernor } from '../../../src/intercom/rate-governor';
import { TagBatcher } from '../../../src/intercom/tag-batcher';
import { IntercomSimulator, SANDBOX_CREDENTIALS } from '@hull-intercom-sync/intercom-simulator';

describe('Intercom write batching', () => {
  const simulator = new IntercomSimulator();
  let client: IntercomClient;

  beforeAll(async () => {
    const url = await simulator.start();
    client = new IntercomClient({
      baseUrl: url,
      apiVersion: '2.16',
      accessToken: () => SANDBOX_CREDENTIALS.accessToken,
      governor: new RateGovernor({ limitPerMinute: 10_000 }),
    });
  });

  afterAll(() => simulator.stop());

  beforeEach(() => {
    simulator.faults.clear();
    simulator.resetRequestLog();
  });

  const contacts = (count: number, label: string) =>
    Array.from({ length: count }, (_, i) =>
      String(simulator.createContact({ role: 'user', email: `${label}-${i}@example.org` }).id),
    );
  const tagRequests = () => simulator.requestLog.filter((r) => r.method === 'POST' && r.path === '/tags');
  const tagsOf = (id: string) =>
    [...(simulator.store.contactTags.get(id)?.keys() ?? [])].map((tagId) => simulator.store.tags.get(tagId)!.name);

  it('tags every contact added within the window with one request per tag, names compared case-insensitively', async () => {
    const batcher = new TagBatcher(client, { windowMs: 100 });
    const ids = contacts(5, 'window');
    const results = await Promise.all([
      ...ids.map((id, i) => batcher.tag(i % 2 === 0 ? 'Paying' : 'paying', id, {})),
      ...ids.map((id) => batcher.tag('Beta', id, {})),
    ]);
    expect(results.every(Boolean)).toBe(true);
    expect(tagRequests()).toHaveLength(2);
    for (const id of ids) expect(tagsOf(id).sort()).toEqual(['Beta', 'Paying']);
    expect(batcher.pending).toBe(0);
  });

  it('sends a full batch at once, and tells a contact Intercom does not have that it was not tagged', async () => {
    const batcher = new TagBatcher(client, { windowMs: 60_000, maxContacts: 3 });
    const [first, second] = contacts(2, 'full');
    const results = await Promise.all([
      batcher.tag('Full', first!, {}),
      batcher.tag('Full', second!, {}),
      batcher.tag('Full', '0000000000000000deadbeef', {}),
    ]);
    expect(results).toEqual([true, true, false]);
    expect(tagRequests()).toHaveLength(1);
  });

  it('fails every write of a batch whose request failed, so each retries', async () => {
    const batcher = new TagBatcher(client, { windowMs: 20 });
    const ids = contacts(3, 'failing');
    simulator.faults.set({ errorRate: 1, match: { method: 'POST', path: /^\/tags$/ } });
    const settled = await Promise.allSettled(ids.map((id) => batcher.tag('Failing', id, {})));
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected', 'rejected']);
    for (const s of settled) expect((s as PromiseRejectedResult).reason).toBeInstanceOf(IntercomTransientError);
  });

  it('takes a cancelled write out of a batch not sent yet', async () => {
    const batcher = new TagBatcher(client, { windowMs: 100 });
    const [kept, cancelled] = contacts(2, 'cancel');
    const controller = new AbortController();
    const keptResult = batcher.tag('Cancel', kept!, {});
    const cancelledResult = batcher.tag('Cancel', cancelled!, { signal: controller.signal });
    controller.abort();
    await expect(cancelledResult).rejects.toThrow();
    expect(await keptResult).toBe(true);
    expect(tagRequests().at(-1)!.body).toEqual({ name: 'Cancel', users: [{ id: kept }] });
    expect(tagsOf(cancelled!)).toEqual([]);
  });

  it('upserts a company once for the members written at the same moment, and again for other fields', async () => {
    const upserts = new CompanyUpserts(client);
    const companies = await Promise.all(
      Array.from({ length: 5 }, () => upserts.upsert({ company_id: 'acme', name: 'Acme' }, {})),
    );
    expect(new Set(companies.map((company) => company.id)).size).toBe(1);
    await upserts.upsert({ company_id: 'acme', name: 'Acme Inc' }, {});
    const posts = simulator.requestLog.filter((r) => r.method === 'POST' && r.path === '/companies');
    expect(posts.map((r) => r.body)).toEqual([
      { company_id: 'acme', name: 'Acme' },
      { company_id: 'acme', name: 'Acme Inc' },
    ]);
  });
});
