/**
 * CSV and NDJSON sources, from a file path and uploaded to the API; bad input (a malformed line, a
 * value of the wrong type, a missing mapped column, a query PostgreSQL refuses, a wrong identifier, an
 * unknown object) answered with a readable error naming the activation, the row and the problem, the
 * run going on with the other rows where that is safe; failed rows retried by the next run and
 * re-drivable at once; records filtered and downloaded as CSV.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectConformingTraffic, startHarness, type Harness } from '../../helpers/engine-harness';
import { waitFor } from '../../helpers/eventually';
import { api, defineActivation, runActivation, runRecords, sql, type RunLinks } from '../../helpers/activations';

describe('activation sources and bad input', () => {
  let harness: Harness;
  const dir = mkdtempSync(join(tmpdir(), 'activation-files-'));

  beforeAll(async () => {
    harness = await startHarness({
      name: 'act-files',
      activations: true,
      settings: { fetch_users: false, fetch_leads: false },
    });
  });

  afterAll(async () => {
    await harness?.stop();
  });

  afterEach(() => expectConformingTraffic(harness.intercom));

  const byEmail = (email: string) => [...harness.intercom.store.contacts.values()].filter((c) => c.email === email);

  it('reads a CSV file in pages, reports a malformed line and a bad value by line number, and writes the rest', async () => {
    const path = join(dir, 'leads.csv');
    writeFileSync(
      path,
      'email,name,score\n' +
        'ann@example.com,Ann,10\n' +
        '"bob@example.com","Bob, Jr.",20\n' +
        'carl@example.com,Carl,20,extra-field\n' +
        'dee@example.com,"Dee\nSecond line",thirty\n' +
        'eve@example.com,Eve,50\n',
    );
    await defineActivation(harness, {
      name: 'csv-leads',
      source: { kind: 'csv', path },
      object: 'contact',
      behaviour: 'upsert',
      identifier: { field: 'email', column: 'email' },
      page_size: 2,
      mapping: [
        { column: 'name', field: 'name' },
        { column: 'score', field: 'custom_attributes.score', type: 'integer' },
      ],
    });
    const { links, progress } = await runActivation(harness, 'csv-leads');
    expect(progress).toMatchObject({ read: 5, written: 3, rowsFailed: 2 });
    expect(byEmail('bob@example.com')[0]).toMatchObject({ name: 'Bob, Jr.', custom_attributes: { score: 20 } });
    expect(byEmail('eve@example.com')).toHaveLength(1);
    const failed = await runRecords(harness, links, 'failed');
    expect(failed.map((r) => [r.line, r.reason])).toEqual([
      [4, 'activation csv-leads: line 4: malformed CSV: Invalid Record Length: columns length is 3, got 4'],
      [
        5,
        'activation csv-leads: line 5 (key dee@example.com): column "score" (custom_attributes.score): "thirty" is not a whole number',
      ],
    ]);
    expect(byEmail('dee@example.com')).toHaveLength(0);

    // Failed rows are retried by the next run on their own (the fixed one is written) …
    writeFileSync(path, 'email,name,score\nann@example.com,Ann,10\ndee@example.com,Dee,30\n');
    const next = await runActivation(harness, 'csv-leads');
    expect(next.progress).toMatchObject({ read: 2, written: 1, unchanged: 1 });
    expect(byEmail('dee@example.com')[0]?.custom_attributes.score).toBe(30);
  });

  it('reads an NDJSON file, and an uploaded CSV; records filter by status and download as CSV', async () => {
    const path = join(dir, 'people.ndjson');
    writeFileSync(
      path,
      '{"id":"n1","email":"n1@example.com","vip":true}\nnot json\n\n{"id":"n2","email":"n2@example.com","vip":false}\n',
    );
    await defineActivation(harness, {
      name: 'ndjson-people',
      source: { kind: 'ndjson', path },
      object: 'contact',
      behaviour: 'upsert',
      identifier: { field: 'external_id', column: 'id' },
      mapping: [
        { column: 'email', field: 'email' },
        { column: 'vip', field: 'custom_attributes.vip' },
      ],
    });
    const ndjson = await runActivation(harness, 'ndjson-people');
    expect(ndjson.progress).toMatchObject({ read: 3, written: 2, rowsFailed: 1 });
    expect(byEmail('n1@example.com')[0]?.custom_attributes.vip).toBe(true);
    const [bad] = await runRecords(harness, ndjson.links, 'failed');
    expect(bad).toMatchObject({
      line: 2,
      reason: expect.stringMatching(/^activation ndjson-people: line 2: invalid JSON/),
    });

    await defineActivation(harness, {
      name: 'uploaded',
      source: { kind: 'upload', format: 'csv' },
      object: 'contact',
      behaviour: 'upsert',
      identifier: { field: 'email', column: 'email' },
      mapping: [{ column: 'name', field: 'name' }],
    });
    const upload = await fetch(`${harness.apiUrl}/activations/uploaded/upload`, {
      method: 'PUT',
      headers: { 'Content-Type': 'text/csv' },
      body: 'email,name\nup1@example.com,Up One\nup2@example.com,Up Two\nbroken,row,here\n',
    });
    expect(upload.status).toBe(201);
    expect(await upload.json()).toMatchObject({ rows: 2, problems: 1, columns: ['email', 'name'] });
    const uploaded = await runActivation(harness, 'uploaded');
    expect(uploaded.progress).toMatchObject({ read: 3, written: 2, rowsFailed: 1, total: 3 });
    expect(byEmail('up2@example.com')[0]?.name).toBe('Up Two');

    const csv = await fetch(`${harness.apiUrl}${uploaded.links.records}?format=csv`);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toBe('line,key,status,action,reason,errorCode,errorMessage,intercomId,diff,at');
    expect(lines).toHaveLength(4);
    const failedOnly = await fetch(`${harness.apiUrl}${uploaded.links.records}?status=failed`, {
      headers: { Accept: 'text/csv' },
    });
    const failedLines = (await failedOnly.text()).trim().split('\n');
    expect(failedLines).toHaveLength(2);
    expect(failedLines[1]).toMatch(
      /^4,line:4,failed,none,"activation uploaded: line 4: malformed CSV: Invalid Record Length: expect 2, got 3",/,
    );
  });

  it('fails the run with a readable reason when the query fails or a mapped column is missing', async () => {
    await sql(harness, 'CREATE TABLE accounts (account_id text PRIMARY KEY, name text)');
    await sql(harness, "INSERT INTO accounts VALUES ('a1', 'One')");
    await defineActivation(harness, {
      name: 'bad-query',
      source: { kind: 'postgres', query: 'SELECT * FROM no_such_table' },
      object: 'company',
      behaviour: 'upsert',
      identifier: { field: 'company_id', column: 'account_id' },
    });
    await defineActivation(harness, {
      name: 'missing-column',
      source: { kind: 'postgres', query: 'SELECT * FROM accounts' },
      object: 'company',
      behaviour: 'upsert',
      identifier: { field: 'company_id', column: 'account_id' },
      mapping: [{ column: 'industry', field: 'industry' }],
    });
    for (const [name, reason] of [
      ['bad-query', 'activation bad-query: the source query failed: relation "no_such_table" does not exist'],
      [
        'missing-column',
        'activation missing-column: column "industry" named in the definition is not in the source (it has account_id, name)',
      ],
    ] as const) {
      const started = await api<RunLinks>(harness, 'POST', `/activations/${name}/runs`);
      const view = await waitFor(`the run of ${name} to end`, async () => {
        const current = (
          await api<{ status: string; failure?: string; progress: { failed?: string } }>(
            harness,
            'GET',
            started.body.run,
          )
        ).body;
        return current.status === 'RUNNING' ? undefined : current;
      });
      expect(view).toMatchObject({ status: 'FAILED', failure: reason, progress: { failed: reason } });
      const runs = (await api<{ status: string; failure?: string }>(harness, 'GET', started.body.status)).body;
      expect(runs.status).toBe('FAILED');
    }
    expect(harness.intercom.store.companies.size).toBe(0);
  });

  it('refuses a definition with a wrong identifier or an unknown object, saying which and why', async () => {
    const wrong = await api<{ error: string; problems: string[] }>(harness, 'POST', '/activations', {
      name: 'delete-by-email',
      source: { kind: 'csv', path: '/tmp/x.csv' },
      object: 'contact',
      behaviour: 'delete',
      identifier: { field: 'email', column: 'email' },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.problems).toEqual([
      'combination: delete on contact cannot use identifier email (Intercom deletes records by their Intercom id only): use id',
    ]);
    const unknown = await api<{ problems: string[] }>(harness, 'POST', '/activations', {
      name: 'users',
      source: { kind: 'csv', path: '/tmp/x.csv' },
      object: 'user',
      behaviour: 'upsert',
      identifier: { field: 'email', column: 'email' },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.problems).toEqual([
      'object: must be one of contact, company, contact_tag, company_tag, conversation_tag (got "user")',
    ]);
    expect((await api(harness, 'GET', '/activations/users')).status).toBe(404);
  });

  it('re-drives the failed rows of an activation at once', async () => {
    await sql(harness, 'CREATE TABLE retry_me (ext text PRIMARY KEY, email text)');
    await sql(
      harness,
      "INSERT INTO retry_me VALUES ('r1', 'r1@example.com'), ('r2', 'not-an-email'), ('r3', 'r3@example.com')",
    );
    await defineActivation(harness, {
      name: 'retry-me',
      source: { kind: 'postgres', query: 'SELECT * FROM retry_me' },
      object: 'contact',
      behaviour: 'upsert',
      identifier: { field: 'external_id', column: 'ext' },
      mapping: [{ column: 'email', field: 'email' }],
    });
    const first = await runActivation(harness, 'retry-me');
    expect(first.progress).toMatchObject({ written: 2, rowsFailed: 1 });
    const [failed] = await runRecords(harness, first.links, 'failed');
    expect(failed).toMatchObject({
      key: 'r2',
      errorCode: 'parameter_invalid',
      errorMessage: 'Email address is invalid',
    });

    await sql(harness, "UPDATE retry_me SET email = 'r2@example.com' WHERE ext = 'r2'");
    const before = harness.intercom.requestLog.length;
    const redrive = await runActivation(harness, 'retry-me', '?retry_failed=true');
    expect(redrive.progress).toMatchObject({ read: 3, written: 1, unchanged: 0, rowsFailed: 0 });
    expect((await runRecords(harness, redrive.links)).map((r) => r.key)).toEqual(['r2']);
    expect(
      harness.intercom.requestLog.slice(before).filter((r) => r.method !== 'GET' && !r.path.endsWith('/search')),
    ).toHaveLength(1);
    expect(byEmail('r2@example.com')).toHaveLength(1);
  });
});
