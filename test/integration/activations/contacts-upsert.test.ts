/**
 * Rows from a real PostgreSQL table upserted as Intercom contacts by external_id: a first run creates
 * and updates, a re-run writes only the rows whose mapped values changed (one PUT each, no lookup), a dry
 * run writes nothing and predicts exactly what the real run then does.
 */
import { expectConformingTraffic, startHarness, type Harness } from '../../helpers/engine-harness';
import { api, defineActivation, runActivation, runRecords, sql, writesSince } from '../../helpers/activations';
import { waitFor } from '../../helpers/eventually';
import { workflowIds } from '../../../src/shared/workflow-ids';

describe('activation: upsert contacts from PostgreSQL', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({
      name: 'act-upsert',
      activations: true,
      settings: { fetch_users: false, fetch_leads: false },
    });
    await sql(
      harness,
      `CREATE TABLE customers (customer_id text PRIMARY KEY, email text, full_name text, plan text, seats integer, signed_up timestamptz)`,
    );
    await sql(
      harness,
      `INSERT INTO customers SELECT 'c' || lpad(g::text, 4, '0'), 'user' || g || '@example.com', 'User ' || g, CASE WHEN g % 2 = 0 THEN 'pro' ELSE 'free' END, g, timestamptz '2024-01-01' + g * interval '1 day' FROM generate_series(1, 30) g`,
    );
    // One contact exists already: the upsert finds and updates it rather than creating another.
    harness.intercom.createContact({
      role: 'user',
      external_id: 'c0003',
      email: 'old3@example.com',
      name: 'Old Three',
    });
    await defineActivation(harness, {
      name: 'customers',
      source: { kind: 'postgres', query: 'SELECT * FROM customers' },
      object: 'contact',
      behaviour: 'upsert',
      identifier: { field: 'external_id', column: 'customer_id' },
      page_size: 8,
      mapping: [
        { column: 'email', field: 'email' },
        { column: 'full_name', field: 'name' },
        { column: 'plan', field: 'custom_attributes.plan' },
        { column: 'seats', field: 'custom_attributes.seats' },
        { column: 'signed_up', field: 'signed_up_at' },
      ],
    });
  });

  afterAll(async () => {
    await harness?.stop();
  });

  afterEach(() => expectConformingTraffic(harness.intercom));

  const contact = (externalId: string) =>
    [...harness.intercom.store.contacts.values()].filter((c) => c.external_id === externalId);

  it('a dry run writes nothing and predicts exactly what the real run then does', async () => {
    const before = harness.intercom.requestLog.length;
    const dry = await runActivation(harness, 'customers', '?dry_run=true');
    expect(writesSince(harness, before)).toEqual([]);
    expect(harness.intercom.store.contacts.size).toBe(1);
    expect(dry.progress).toMatchObject({
      done: true,
      dryRun: true,
      read: 30,
      planned: 30,
      written: 0,
      rowsFailed: 0,
      total: 30,
    });
    const predicted = await runRecords(harness, dry.links);
    expect(predicted.filter((r) => r.action === 'create')).toHaveLength(29);
    const update = predicted.find((r) => r.key === 'c0003')!;
    expect(update).toMatchObject({ action: 'update', status: 'planned', intercomId: contact('c0003')[0]!.id });
    expect(update.diff).toMatchObject({
      email: { from: 'old3@example.com', to: 'user3@example.com' },
      name: { from: 'Old Three', to: 'User 3' },
    });
    expect(predicted.some((r) => r.reason?.includes('would create the contact attribute "plan"'))).toBe(true);

    const real = await runActivation(harness, 'customers');
    expect(real.progress).toMatchObject({ done: true, read: 30, written: 30, rowsFailed: 0, pages: 4 });
    const done = await runRecords(harness, real.links);
    expect(done.map((r) => [r.key, r.action, r.status === 'written' ? 'planned' : r.status])).toEqual(
      predicted.map((r) => [r.key, r.action, r.status]),
    );
    for (let n = 1; n <= 30; n += 1) {
      const id = `c${String(n).padStart(4, '0')}`;
      expect(contact(id)).toHaveLength(1);
      expect(contact(id)[0]).toMatchObject({
        email: `user${n}@example.com`,
        name: `User ${n}`,
        custom_attributes: { plan: n % 2 === 0 ? 'pro' : 'free', seats: n },
      });
    }
    expect(contact('c0005')[0]!.signed_up_at).toBe(Date.parse('2024-01-06T00:00:00Z') / 1000);
  });

  it('a re-run writes only the rows that changed, one PUT each with the changed fields, and nothing for the rest', async () => {
    await sql(harness, `UPDATE customers SET plan = 'enterprise' WHERE customer_id IN ('c0007', 'c0021')`);
    const before = harness.intercom.requestLog.length;
    const rerun = await runActivation(harness, 'customers');
    expect(rerun.progress).toMatchObject({ read: 30, written: 2, unchanged: 28, rowsFailed: 0 });
    const traffic = harness.intercom.requestLog.slice(before).map((r) => `${r.method} ${r.route}`);
    expect(traffic).toEqual(['PUT /contacts/{contact_id}', 'PUT /contacts/{contact_id}']);
    const puts = harness.intercom.requestLog.slice(before).map((r) => r.body);
    expect(puts).toEqual([
      { custom_attributes: { plan: 'enterprise' } },
      { custom_attributes: { plan: 'enterprise' } },
    ]);
    expect(contact('c0021')[0]!.custom_attributes.plan).toBe('enterprise');
    const changed = await runRecords(harness, rerun.links, 'written');
    expect(changed.map((r) => r.key)).toEqual(['c0007', 'c0021']);
  });
});

describe('activation progress and schedules', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({
      name: 'act-progress',
      activations: true,
      settings: { fetch_users: false, fetch_leads: false },
    });
    await sql(harness, 'CREATE TABLE scheduled (ext text PRIMARY KEY, email text)');
    await sql(
      harness,
      `INSERT INTO scheduled SELECT 's' || g, 's' || g || '@example.com' FROM generate_series(1, 12) g`,
    );
  });

  afterAll(async () => {
    await harness?.stop();
  });

  const definition = {
    name: 'scheduled',
    source: { kind: 'postgres', query: 'SELECT * FROM scheduled' },
    object: 'contact',
    behaviour: 'upsert',
    identifier: { field: 'external_id', column: 'ext' },
    mapping: [{ column: 'email', field: 'email' }],
    page_size: 5,
    schedule: { every_minutes: 60 },
  };

  it('a schedule runs the activation at once and then on its interval; deleting the activation removes it', async () => {
    await defineActivation(harness, definition);
    const scheduleId = workflowIds.activationSchedule(harness.hull.connectorId, 'scheduled');
    const schedule = await harness.engine.temporalClient.schedule.getHandle(scheduleId).describe();
    expect(schedule.spec.intervals).toMatchObject([{ every: 3_600_000 }]);
    const run = await waitFor('the first scheduled run to complete', async () => {
      const runs = (
        await api<{ runs: Array<{ status: string; runId: string; workflowId: string }> }>(
          harness,
          'GET',
          '/activations/scheduled/runs',
        )
      ).body.runs;
      return runs.find((r) => r.status === 'COMPLETED');
    });
    expect(run.runId).toMatch(/^scheduled-/);

    // GET /runs/<workflow id> shows the run's progress, as a fetch run's.
    const view = (await api<{ memo: { progress: Record<string, unknown> } }>(harness, 'GET', `/runs/${run.workflowId}`))
      .body;
    expect(view.memo.progress).toMatchObject({
      activation: 'scheduled',
      total: 12,
      read: 12,
      written: 12,
      pages: 3,
      done: true,
      rowsPerSecond: expect.any(Number),
      estimatedSecondsLeft: 0,
    });
    expect(harness.intercom.store.contacts.size).toBe(12);

    expect((await api(harness, 'DELETE', '/activations/scheduled')).status).toBe(204);
    await expect(harness.engine.temporalClient.schedule.getHandle(scheduleId).describe()).rejects.toThrow(/not found/i);
  });
});
