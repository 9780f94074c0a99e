/**
 * Snapshots: a workspace written out as JSON and restored into another simulator (as the sandbox does
 * across restarts) answers every read as before, keeps its rules (duplicates, searchable emails, event
 * de-duplication) and mints ids after the ones it holds.
 */
import { IntercomSimulator } from '../src';
import { clientFor, errorOf, idsOf, startSimulator, str, type Client, type HttpResult } from './support';

/** The setup's calls must all succeed, or the comparisons below would compare errors. */
function ok(result: HttpResult): HttpResult {
  if (result.status >= 300) throw new Error(`setup call failed: ${result.status} ${JSON.stringify(result.body)}`);
  return result;
}

/** What a state file does to a snapshot: JSON out, JSON in. */
const throughJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('snapshot and restore', () => {
  let original: IntercomSimulator;
  let client: Client;
  let restored: IntercomSimulator;
  let restoredClient: Client;
  const ids = {} as { user: string; lead: string; company: string; tag: string };

  beforeAll(async () => {
    ({ sim: original, client } = await startSimulator());
    const post = async (path: string, payload: unknown) => ok(await client.post(path, payload));
    original.seed({ users: 20, leads: 8, companies: 4, seed: 5, referenceTime: Date.UTC(2024, 2, 1) });
    await post('/data_attributes', { name: 'snap_count', model: 'contact', data_type: 'integer' });
    const user = await post('/contacts', {
      role: 'user',
      external_id: 'u-snap',
      email: 'snap@example.org',
      custom_attributes: { snap_count: 3 },
    });
    ids.user = str(user.body.id);
    const lead = await post('/contacts', { role: 'lead', email: 'snap@example.org' });
    ids.lead = str(lead.body.id);
    const company = await post('/companies', { company_id: 'c-snap', name: 'Snap Inc' });
    ids.company = str(company.body.id);
    await post(`/contacts/${ids.user}/companies`, { id: ids.company });
    const tag = await post('/tags', { name: 'Snapped' });
    ids.tag = str(tag.body.id);
    await post(`/contacts/${ids.user}/tags`, { id: ids.tag });
    await post(`/contacts/${ids.user}/notes`, { body: 'kept across restarts' });
    await post('/events', { event_name: 'snapped', created_at: 1_709_000_000, id: ids.user });

    restored = new IntercomSimulator({ now: () => Date.UTC(2024, 2, 10, 13, 0, 0) });
    restored.restore(throughJson(original.snapshot()));
    restoredClient = clientFor(await restored.start());
  });

  afterAll(async () => {
    await original.stop();
    await restored.stop();
  });

  it('holds the same workspace: its own snapshot is the one it was given', () => {
    expect(restored.snapshot()).toEqual(throughJson(original.snapshot()));
  });

  it('answers reads as before', async () => {
    for (const path of [
      `/contacts/${ids.user}`,
      `/contacts/${ids.user}/tags`,
      `/contacts/${ids.user}/companies`,
      `/contacts/${ids.user}/notes`,
      `/companies/${ids.company}`,
      '/tags',
      '/data_attributes?model=contact',
      `/events?type=user&intercom_user_id=${ids.user}`,
    ]) {
      const [before, after] = await Promise.all([client.get(path), restoredClient.get(path)]);
      expect([path, before.status]).toEqual([path, 200]);
      expect([path, after.status, after.body]).toEqual([path, before.status, before.body]);
    }
  });

  it('keeps its rules: a duplicate user is refused, emails are searchable, a repeated event is not recorded twice', async () => {
    const duplicate = await restoredClient.post('/contacts', { role: 'user', email: 'snap@example.org' });
    expect(duplicate.status).toBe(409);
    expect(str(errorOf(duplicate)?.message)).toContain(ids.user);

    const found = await restoredClient.post('/contacts/search', {
      query: { field: 'email', operator: '=', value: 'snap@example.org' },
    });
    expect(idsOf(found.body).sort()).toEqual([ids.user, ids.lead].sort());

    await restoredClient.post('/events', { event_name: 'snapped', created_at: 1_709_000_000, id: ids.user });
    const events = await restoredClient.get(`/events?type=user&intercom_user_id=${ids.user}`);
    expect(events.body.events).toHaveLength(1);
  });

  it('mints new ids after the ones it holds', async () => {
    const held = new Set([...restored.store.contacts.keys()]);
    const created = await restoredClient.post('/contacts', { role: 'lead', name: 'After the restart' });
    expect(created.status).toBe(200);
    expect(held.has(str(created.body.id))).toBe(false);
    const tag = await restoredClient.post('/tags', { name: 'After the restart' });
    expect(Number(str(tag.body.id))).toBeGreaterThan(Number(ids.tag));
  });

  it("refuses another simulator's snapshot, another format and another workspace", () => {
    const fresh = new IntercomSimulator();
    const snapshot = original.snapshot();
    expect(() => fresh.restore({ ...snapshot, simulator: 'hull' })).toThrow(/not a snapshot of the intercom simulator/);
    expect(() => fresh.restore({ ...snapshot, format: 99 })).toThrow(/format 99; this simulator reads format 1/);
    expect(() => new IntercomSimulator({ appId: 'otherapp' }).restore(snapshot)).toThrow(/workspace sandboxapp/);
  });
});
