/** Cursor pagination over more than 150 records: no duplicates or misses, even while records change. */
import type { IntercomSimulator } from '../src';
import { anyString, idsOf, list, nextCursor, num, startSimulator, str, type Client, type ManualClock } from './support';

let sim: IntercomSimulator;
let client: Client;
let clock: ManualClock;

beforeEach(async () => {
  ({ sim, client, clock } = await startSimulator());
  sim.seed({ users: 260, leads: 90, companies: 20, seed: 11, referenceTime: clock.now });
});

afterEach(() => sim.stop());

async function collectList(perPage: number, between?: (page: number) => void): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let page = 1; ; page += 1) {
    const query = `per_page=${perPage}${cursor === undefined ? '' : `&starting_after=${encodeURIComponent(cursor)}`}`;
    const res = await client.get(`/contacts?${query}`);
    expect(res.status).toBe(200);
    expect(res.body.pages?.page).toBe(page);
    ids.push(...idsOf(res.body));
    cursor = nextCursor(res.body);
    if (cursor === undefined) return ids;
    between?.(page);
  }
}

describe('GET /contacts', () => {
  it('walks all 350 contacts in pages of 150 without duplicates or misses', async () => {
    const first = await client.get('/contacts?per_page=150');
    expect(first.body).toMatchObject({
      type: 'list',
      total_count: 350,
      pages: { type: 'pages', per_page: 150, total_pages: 3 },
    });
    expect(first.body.pages?.next).toEqual({ page: 2, starting_after: anyString() });
    const ids = await collectList(150);
    expect(ids).toHaveLength(350);
    expect(new Set(ids)).toEqual(new Set(sim.store.contacts.keys()));
  });

  it('defaults to 10 per page and caps per_page at 150', async () => {
    expect((await client.get('/contacts')).body.data).toHaveLength(10);
    expect((await client.get('/contacts?per_page=500')).body.data).toHaveLength(150);
  });

  it('keeps existing records exactly once when contacts are created and deleted between pages', async () => {
    const original = new Set(sim.store.contacts.keys());
    const deleted = new Set<string>();
    const ids = await collectList(50, (page) => {
      sim.createContact({ role: 'user', external_id: `new-${page}` });
      // Delete one contact that was not returned yet (the tail of the current ordering).
      const victim = [...sim.store.contacts.values()].sort((a, b) => a.created_at - b.created_at)[0];
      if (victim) {
        deleted.add(victim.id);
        sim.deleteContact(victim.id);
      }
    });
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of original) {
      if (!deleted.has(id)) expect(ids).toContain(id);
    }
  });

  it('rejects a malformed cursor with an Intercom error', async () => {
    const res = await client.get('/contacts?starting_after=not-a-cursor');
    expect(res.status).toBe(400);
    expect(res.body.type).toBe('error.list');
  });
});

describe('POST /contacts/search pagination', () => {
  it('pages by sort key and id: unchanged records are neither skipped nor repeated when others move', async () => {
    const query = { field: 'role', operator: '=', value: 'user' };
    const seen: string[] = [];
    let cursor: string | undefined;
    let movedId: string | undefined;
    do {
      const res = await client.post('/contacts/search', {
        query,
        sort: { field: 'updated_at', order: 'ascending' },
        pagination: { per_page: 40, ...(cursor === undefined ? {} : { starting_after: cursor }) },
      });
      expect(res.status).toBe(200);
      const page = list(res.body.data).map((c) => ({ id: str(c.id), updatedAt: num(c.updated_at) }));
      seen.push(...page.map((c) => c.id));
      for (let i = 1; i < page.length; i += 1) {
        expect(page[i]!.updatedAt).toBeGreaterThanOrEqual(page[i - 1]!.updatedAt);
      }
      cursor = nextCursor(res.body);
      if (movedId === undefined && page[0]) {
        // An already-returned record is updated: it moves to the end and is seen a second time (as in Intercom).
        movedId = page[0].id;
        clock.advance(1_000);
        sim.updateContact(movedId, { name: 'Moved to the end' });
      }
    } while (cursor !== undefined);
    const users = [...sim.store.contacts.values()].filter((c) => c.role === 'user').map((c) => c.id);
    expect(new Set(seen)).toEqual(new Set(users));
    expect(seen.filter((id) => id === movedId)).toHaveLength(2);
    expect(seen.length).toBe(users.length + 1);
  });
});
