/** The contact search query language: operators, type rules, nesting limits, day-granular dates, index lag. */
import type { IntercomSimulator } from '../src';
import { errorOf, idsOf, startSimulator, str, utc, type Client, type HttpResult, type ManualClock } from './support';

let sim: IntercomSimulator;
let client: Client;
let clock: ManualClock;

async function search(query: unknown, extra: Record<string, unknown> = {}): Promise<HttpResult & { ids: string[] }> {
  const res = await client.post('/contacts/search', { query, pagination: { per_page: 150 }, ...extra });
  return { ...res, ids: res.status === 200 ? idsOf(res.body) : [] };
}

function create(input: Parameters<IntercomSimulator['createContact']>[0], at?: number): string {
  return sim.createContact(input, at === undefined ? {} : { at }).id as string;
}

afterEach(() => sim.stop());

describe('operators and field types', () => {
  let ada: string;
  let bob: string;
  let lead: string;

  beforeEach(async () => {
    ({ sim, client, clock } = await startSimulator());
    sim.createDataAttribute({ name: 'seats', model: 'contact', data_type: 'integer' });
    sim.createDataAttribute({ name: 'beta', model: 'contact', data_type: 'boolean' });
    ada = create({
      role: 'user',
      email: 'ada@acme.io',
      name: 'Ada Lovelace',
      custom_attributes: { seats: 5, beta: true },
    });
    bob = create({ role: 'user', email: 'bob@globex.com', name: 'Bob Stone', custom_attributes: { seats: 50 } });
    lead = create({ role: 'lead', email: 'lead@acme.io' });
  });

  it.each([
    [{ field: 'email', operator: '=', value: 'ADA@acme.io' }, ['ada']],
    [{ field: 'role', operator: '!=', value: 'user' }, ['lead']],
    [{ field: 'email_domain', operator: 'IN', value: ['acme.io'] }, ['ada', 'lead']],
    [{ field: 'email_domain', operator: 'NIN', value: ['acme.io'] }, ['bob']],
    [{ field: 'name', operator: '~', value: 'love' }, ['ada']],
    [{ field: 'name', operator: '!~', value: 'love' }, ['bob', 'lead']],
    [{ field: 'email', operator: '^', value: 'bob' }, ['bob']],
    [{ field: 'email', operator: '$', value: '.io' }, ['ada', 'lead']],
    [{ field: 'custom_attributes.seats', operator: '>', value: 5 }, ['bob']],
    [{ field: 'custom_attributes.seats', operator: '>=', value: 5 }, ['ada', 'bob']],
    [{ field: 'custom_attributes.seats', operator: '<=', value: 5 }, ['ada']],
    [{ field: 'custom_attributes.seats', operator: '<', value: 50 }, ['ada']],
    [{ field: 'custom_attributes.beta', operator: '=', value: true }, ['ada']],
    [{ field: 'name', operator: '=', value: null }, ['lead']],
    [
      {
        operator: 'AND',
        value: [
          { field: 'role', operator: '=', value: 'user' },
          { field: 'email', operator: '$', value: '.io' },
        ],
      },
      ['ada'],
    ],
    [
      {
        operator: 'OR',
        value: [
          { operator: 'AND', value: [{ field: 'role', operator: '=', value: 'lead' }] },
          { field: 'custom_attributes.seats', operator: '=', value: 50 },
        ],
      },
      ['bob', 'lead'],
    ],
  ])('%j matches %j', async (query, expected) => {
    const names: Record<string, string> = { [ada]: 'ada', [bob]: 'bob', [lead]: 'lead' };
    const result = await search(query);
    expect(result.status).toBe(200);
    expect(result.ids.map((id) => names[id]).sort()).toEqual(expected);
  });

  it('filters by tag_id and segment membership with = and !=', async () => {
    const tag = await client.post('/tags', { name: 'VIP' });
    await client.post(`/contacts/${bob}/tags`, { id: tag.body.id });
    expect((await search({ field: 'tag_id', operator: '=', value: tag.body.id })).ids).toEqual([bob]);
    expect((await search({ field: 'tag_id', operator: '!=', value: tag.body.id })).ids.sort()).toEqual(
      [ada, lead].sort(),
    );
    expect((await search({ field: 'tag_id', operator: 'IN', value: [tag.body.id] })).status).toBe(400);
  });

  it.each([
    [{ field: 'created_at', operator: '>=', value: 1 }, 'dates reject >='],
    [{ field: 'created_at', operator: '!=', value: 1 }, 'dates reject !='],
    [{ field: 'created_at', operator: 'IN', value: [1] }, 'dates reject IN'],
    [{ field: 'email', operator: '>', value: 'a' }, 'strings reject >'],
    [{ field: 'custom_attributes.seats', operator: '~', value: '5' }, 'integers reject ~'],
    [{ field: 'custom_attributes.seats', operator: '=', value: 'many' }, 'value type must match'],
    [{ field: 'created_at', operator: '=', value: 'foobar' }, 'dates need timestamps'],
    [{ field: 'email', operator: 'IN', value: 'a@b.c' }, 'IN needs an array'],
    [{ field: 'custom_attributes.missing', operator: '=', value: 1 }, 'unknown custom attribute'],
    [{ field: 'shoe_size', operator: '=', value: 1 }, 'unknown field'],
    [{ field: 'email', operator: 'LIKE', value: 'a' }, 'unknown operator'],
  ])('400 for %j (%s)', async (query: unknown, _reason: string) => {
    const result = await search(query);
    expect(result.status).toBe(400);
    expect(errorOf(result)?.code).toBe('parameter_invalid');
  });

  it('allows two levels of nesting and at most 15 filters per group', async () => {
    const leaf = { field: 'role', operator: '=', value: 'user' };
    const twoLevels = { operator: 'AND', value: [{ operator: 'OR', value: [leaf] }] };
    expect((await search(twoLevels)).status).toBe(200);
    const threeLevels = { operator: 'AND', value: [{ operator: 'OR', value: [{ operator: 'AND', value: [leaf] }] }] };
    expect((await search(threeLevels)).status).toBe(400);
    expect((await search({ operator: 'OR', value: Array(15).fill(leaf) })).status).toBe(200);
    expect((await search({ operator: 'OR', value: Array(16).fill(leaf) })).status).toBe(400);
  });

  it('sorts ascending or descending and rejects other orders with invalid_sort_order', async () => {
    const asc = await search(
      { field: 'role', operator: '=', value: 'user' },
      { sort: { field: 'custom_attributes.seats', order: 'ascending' } },
    );
    expect(asc.ids).toEqual([ada, bob]);
    const desc = await search(
      { field: 'role', operator: '=', value: 'user' },
      { sort: { field: 'custom_attributes.seats', order: 'descending' } },
    );
    expect(desc.ids).toEqual([bob, ada]);
    const bad = await search(
      { field: 'role', operator: '=', value: 'user' },
      { sort: { field: 'updated_at', order: 'desc' } },
    );
    expect(bad.status).toBe(400);
    expect(errorOf(bad)).toMatchObject({
      code: 'invalid_sort_order',
      message: "Invalid sort order 'desc'. Must be one of: ascending, descending",
    });
  });
});

describe('day-granular date filters', () => {
  it('truncates to the day in a non-UTC workspace timezone', async () => {
    ({ sim, client, clock } = await startSimulator({ timezone: 'America/Los_Angeles' }));
    // 2024-03-01 in Los Angeles (PST, UTC-8) runs from 08:00Z on Mar 1 to 08:00Z on Mar 2.
    const beforeDay = create({ role: 'user', external_id: 'a' }, utc(2024, 3, 1, 7, 59, 59)); // Feb 29, 23:59:59 local
    const dayStart = create({ role: 'user', external_id: 'b' }, utc(2024, 3, 1, 8, 0, 0)); // Mar 1, 00:00 local
    const dayEnd = create({ role: 'user', external_id: 'c' }, utc(2024, 3, 2, 7, 59, 59)); // Mar 1, 23:59:59 local
    const nextDay = create({ role: 'user', external_id: 'd' }, utc(2024, 3, 2, 8, 0, 0)); // Mar 2, 00:00 local
    const midDay = utc(2024, 3, 1, 20, 0, 0); // Mar 1, noon local

    expect((await search({ field: 'created_at', operator: '=', value: midDay })).ids.sort()).toEqual(
      [dayStart, dayEnd].sort(),
    );
    // `>` starts at the next local midnight, not at the instant given.
    expect((await search({ field: 'created_at', operator: '>', value: midDay })).ids).toEqual([nextDay]);
    // `<` ends at the start of the value's local day.
    expect((await search({ field: 'created_at', operator: '<', value: midDay })).ids).toEqual([beforeDay]);
    // The same instant in UTC is a different day: 20:00Z Mar 1 vs. 07:59:59Z Mar 2 (which is Mar 1 in LA).
    expect(
      (await search({ field: 'created_at', operator: '=', value: utc(2024, 3, 2, 7, 59, 59) })).ids.sort(),
    ).toEqual([dayStart, dayEnd].sort());
  });

  it('handles a UTC midnight boundary exactly', async () => {
    ({ sim, client, clock } = await startSimulator({ timezone: 'UTC' }));
    const lastSecond = create({ role: 'user', external_id: 'a' }, utc(2020, 1, 1, 23, 59, 59));
    const midnight = create({ role: 'user', external_id: 'b' }, utc(2020, 1, 2, 0, 0, 0));
    // The spec's own example: > 1577869200 (Jan 1 2020 09:00Z) matches from Jan 2 00:00Z.
    expect((await search({ field: 'created_at', operator: '>', value: 1_577_869_200 })).ids).toEqual([midnight]);
    expect((await search({ field: 'created_at', operator: '=', value: '1577836800' })).ids).toEqual([lastSecond]);
    expect((await search({ field: 'created_at', operator: '<', value: utc(2020, 1, 2, 0, 0, 0) })).ids).toEqual([
      lastSecond,
    ]);
    expect((await search({ field: 'created_at', operator: '=', value: utc(2020, 1, 2, 0, 0, 0) })).ids).toEqual([
      midnight,
    ]);
  });

  it('applies to date custom attributes too, while sorting keeps full precision', async () => {
    ({ sim, client, clock } = await startSimulator({ timezone: 'Europe/Dublin' }));
    sim.createDataAttribute({ name: 'renews_at', model: 'contact', data_type: 'date' });
    const late = create({
      role: 'user',
      external_id: 'late',
      custom_attributes: { renews_at: utc(2024, 6, 1, 23, 30, 0) },
    });
    const early = create({
      role: 'user',
      external_id: 'early',
      custom_attributes: { renews_at: utc(2024, 6, 1, 0, 30, 0) },
    });
    // Dublin is UTC+1 in June: 23:30Z on Jun 1 is already Jun 2 locally.
    const onJune1 = await search({
      field: 'custom_attributes.renews_at',
      operator: '=',
      value: utc(2024, 6, 1, 12, 0, 0),
    });
    expect(onJune1.ids).toEqual([early]);
    const sorted = await search(
      { field: 'role', operator: '=', value: 'user' },
      { sort: { field: 'custom_attributes.renews_at', order: 'descending' } },
    );
    expect(sorted.ids).toEqual([late, early]);
  });
});

describe('search index lag', () => {
  it('hides newly created contacts from search (not from GET) for searchIndexLagMs', async () => {
    ({ sim, client, clock } = await startSimulator({ searchIndexLagMs: 120_000 }));
    const created = await client.post('/contacts', { role: 'user', email: 'fresh@example.com' });
    const query = { field: 'email', operator: '=', value: 'fresh@example.com' };
    expect((await search(query)).ids).toEqual([]);
    expect((await client.get(`/contacts/${str(created.body.id)}`)).status).toBe(200);
    clock.advance(119_999);
    expect((await search(query)).ids).toEqual([]);
    clock.advance(1);
    expect((await search(query)).ids).toEqual([created.body.id]);
  });
});
