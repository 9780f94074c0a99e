/**
 * Driving activations through the engine's API as an operator does: define, run, follow the run, read
 * its records; and a source table on the test PostgreSQL server.
 */
import { Client } from 'pg';
import type { ActivationProgress, ActivationRecord } from '../../src/shared/activations';
import type { Harness } from './engine-harness';
import { waitFor } from './eventually';

export interface RunLinks {
  name: string;
  runId: string;
  workflowId: string;
  status: string;
  run: string;
  records: string;
}

async function call<T>(
  harness: Harness,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${harness.apiUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as T };
}

export const api = call;

/** POST /activations; throws (failing the test) unless it was created. (No `expect`: scripts use these too.) */
export async function defineActivation(harness: Harness, definition: Record<string, unknown>): Promise<void> {
  const created = await call<unknown>(harness, 'POST', '/activations', definition);
  if (created.status !== 201)
    throw new Error(`defining ${String(definition.name)}: ${created.status} ${JSON.stringify(created.body)}`);
}

/** Starts a run and waits for it to end COMPLETED; returns its links and final progress. */
export async function runActivation(
  harness: Harness,
  name: string,
  query = '',
  timeoutMs = 120_000,
): Promise<{ links: RunLinks; progress: ActivationProgress }> {
  const started = await call<RunLinks>(harness, 'POST', `/activations/${name}/runs${query}`);
  if (started.status !== 202) throw new Error(`starting ${name}: ${started.status} ${JSON.stringify(started.body)}`);
  const links = started.body;
  const view = await waitFor(
    `the run ${links.run} to end`,
    async () => {
      const current = (
        await call<{ status: string; progress: ActivationProgress; failure?: string }>(harness, 'GET', links.run)
      ).body;
      return current.status === 'RUNNING' ? undefined : current;
    },
    timeoutMs,
  );
  if (view.status !== 'COMPLETED')
    throw new Error(`the run ${links.run} ended ${view.status}: ${view.failure ?? 'no reason'}`);
  return { links, progress: view.progress };
}

/** Every record of a run (optionally of one status), in line order. */
export async function runRecords(harness: Harness, links: RunLinks, status?: string): Promise<ActivationRecord[]> {
  const records: ActivationRecord[] = [];
  let after: number | null | undefined;
  do {
    const query = new URLSearchParams({
      limit: '1000',
      ...(status ? { status } : {}),
      ...(after != null ? { after: String(after) } : {}),
    });
    const page = await call<{ records: ActivationRecord[]; next: number | null }>(
      harness,
      'GET',
      `${links.records}?${query.toString()}`,
    );
    expect(page.status).toBe(200);
    records.push(...page.body.records);
    after = page.body.next;
  } while (after !== null && after !== undefined);
  return records;
}

/** Runs SQL on the harness's database (the activations' default source). */
export async function sql(
  harness: Harness,
  text: string,
  values: unknown[] = [],
): Promise<Array<Record<string, unknown>>> {
  const client = new Client({ connectionString: harness.databaseUrl });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as Array<Record<string, unknown>>;
  } finally {
    await client.end();
  }
}

/** Intercom write requests (not lookups) the simulator received since `from` in its request log. */
export function writesSince(
  harness: Harness,
  from: number,
): Array<{ method: string; route: string | null; path: string; body: unknown }> {
  return harness.intercom.requestLog
    .slice(from)
    .filter((r) => !(r.method === 'GET' || (r.method === 'POST' && /\/search$/.test(r.path))))
    .filter(
      (r) =>
        r.route !== '/data_attributes' &&
        !(
          r.route === '/tags' &&
          (r.body as { name?: string; users?: unknown; companies?: unknown } | undefined)?.users === undefined &&
          (r.body as { companies?: unknown } | undefined)?.companies === undefined
        ),
    )
    .map((r) => ({ method: r.method, route: r.route, path: r.path, body: r.body }));
}
