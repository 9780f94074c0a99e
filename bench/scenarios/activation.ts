/**
 * The activation scenario: rows of a real PostgreSQL table upserted as Intercom contacts by
 * external_id, by an engine whose worker runs as its own process (as `npm run start:worker` runs it),
 * so its peak memory is measured alone: first 10k rows (one fresh worker), then 100k rows (another
 * fresh worker), then a re-run of the 100k with 1% of the rows changed. Memory should stay flat
 * (pages of rows, state by key): the goal is peak RSS at 100k ≤ 1.2 × at 10k. The re-run should cost
 * one request per changed row (goal ≤ 1.05) and none for the unchanged 99%.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { loadConfig } from '../../src/config/load';
import { Secret } from '../../src/config/secret';
import { createLogger } from '../../src/logger';
import { startEngine } from '../../src/runtime/engine';
import { DEFAULT_MAX_HEAP_MB } from '../../src/runtime/heap-limit';
import { hullConnectionOf } from '../../src/runtime/sandbox';
import type { ActivationProgress } from '../../src/shared/activations';
import { HullSimulator } from '@hull-intercom-sync/hull-simulator';
import { IntercomSimulator } from '@hull-intercom-sync/intercom-simulator';
import { createDatabase, startTestPostgres } from '../../test/helpers/postgres';
import { onCleanup } from '../cleanup';
import { fixed, int, percent } from '../format';
import { scenarioResult, type ScenarioResult } from '../result';
import type { BenchTemporal } from '../temporal';
import { logPosition, perRecordBreakdown, trafficSince } from '../traffic';
import { waitUntil } from '../wait';

const TOKEN = 'bench-intercom-token';

/** The worker runs as `npm run start:worker` runs it: with the engine's heap ceiling. */
const maxHeapFlag = `--max-old-space-size=${process.env.ENGINE_MAX_HEAP_MB ?? DEFAULT_MAX_HEAP_MB}`;
const SECRET = 'bench-client-secret';

export interface ActivationBenchOptions {
  smallRows: number;
  largeRows: number;
  changedShare: number;
  rateLimitPerMinute: number;
  timeoutMs: number;
}

const say = (message: string) => console.error(`[bench] ${message}`);

/** Peak resident memory of a process (VmHWM), in MiB. */
function peakRssMib(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
  return kib / 1024;
}

export async function activationScenarios(
  temporal: BenchTemporal,
  options: ActivationBenchOptions,
): Promise<ScenarioResult[]> {
  const postgres = await startTestPostgres();
  onCleanup('the benchmark PostgreSQL', () => postgres.stop());
  const databaseUrl = await createDatabase(postgres.url);
  const intercom = new IntercomSimulator({
    accessToken: TOKEN,
    clientSecret: SECRET,
    rateLimitPerMinute: options.rateLimitPerMinute,
  });
  const connectorId = randomBytes(12).toString('hex');
  const hull = new HullSimulator({
    connectorId,
    privateSettings: { fetch_users: false, fetch_leads: false, fetch_companies: false },
  });
  const intercomUrl = await intercom.start();
  await hull.start();
  onCleanup('the activation simulators', async () => {
    await Promise.allSettled([intercom.stop(), hull.stop()]);
  });
  const taskQueue = `bench-activation-${randomUUID().slice(0, 8)}`;
  const config = loadConfig({
    INTERCOM_API_URL: intercomUrl,
    INTERCOM_RATE_LIMIT_PER_MINUTE: String(options.rateLimitPerMinute),
    TEMPORAL_TASK_QUEUE: taskQueue,
    PORT: '0',
    ACTIVATIONS_DATABASE_URL: databaseUrl,
  });
  config.intercom.accessToken = new Secret(TOKEN);
  config.intercom.clientSecret = new Secret(SECRET);
  // The API only: the work is done by a worker process of its own, whose memory is measured.
  const engine = await startEngine({
    config,
    hull: hullConnectionOf(hull),
    temporal: { address: temporal.address, namespace: temporal.namespace },
    role: 'api',
    log: createLogger('silent'),
  });
  onCleanup('the activation engine', () => engine.stop());
  const apiUrl = engine.apiUrl!;

  const sql = async (text: string) => {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  };
  const json = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${apiUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };

  let workers = 0;
  /** A fresh worker process, once it polls (its health file appears): start-up is not part of the runs. */
  async function spawnWorker(): Promise<ChildProcess> {
    workers += 1;
    const healthFile = join(tmpdir(), `bench-activation-worker-${process.pid}-${workers}`);
    rmSync(healthFile, { force: true });
    const child = spawn(process.execPath, [maxHeapFlag, '--import', 'tsx', 'src/main.ts', '--role=worker'], {
      cwd: join(__dirname, '..', '..'),
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: temporal.address,
        TEMPORAL_NAMESPACE: temporal.namespace,
        TEMPORAL_TASK_QUEUE: taskQueue,
        INTERCOM_API_URL: intercomUrl,
        INTERCOM_ACCESS_TOKEN: TOKEN,
        INTERCOM_CLIENT_SECRET: SECRET,
        INTERCOM_RATE_LIMIT_PER_MINUTE: String(options.rateLimitPerMinute),
        HULL_ORGANIZATION: hull.organization,
        HULL_CONNECTOR_ID: hull.connectorId,
        HULL_CONNECTOR_SECRET: hull.connectorSecret,
        HULL_API_URL: hull.apiUrl,
        HULL_FIREHOSE_URL: hull.firehoseUrl,
        ACTIVATIONS_DATABASE_URL: databaseUrl,
        ACTIVATIONS_SOURCE_DATABASE_URL: databaseUrl,
        LOG_LEVEL: 'warn',
        SETTINGS_FILE: '',
        HEALTH_FILE: healthFile,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    onCleanup('an activation worker', async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      return Promise.resolve();
    });
    await waitUntil('the worker to poll', () => ({ done: existsSync(healthFile), status: 'starting' }), {
      timeoutMs: 120_000,
      intervalMs: 200,
    });
    return child;
  }

  async function run(name: string): Promise<{ progress: ActivationProgress; seconds: number; position: number }> {
    const position = logPosition(intercom);
    const startedAt = performance.now();
    const started = await json<{ run: string }>('POST', `/activations/${name}/runs`);
    let view: { status: string; progress: ActivationProgress; failure?: string } | undefined;
    await waitUntil(
      `the run of ${name} to complete`,
      async () => {
        view = await json('GET', started.run);
        if (view!.status !== 'RUNNING' && view!.status !== 'COMPLETED')
          throw new Error(`the run ended ${view!.status}: ${view!.failure}`);
        return { done: view!.status === 'COMPLETED', status: `${int(view!.progress?.read ?? 0)} rows read` };
      },
      { timeoutMs: options.timeoutMs, intervalMs: 500 },
    );
    return { progress: view!.progress, seconds: (performance.now() - startedAt) / 1000, position };
  }

  async function table(name: string, rows: number, firstId: number) {
    await sql(
      `CREATE TABLE ${name} (customer_id bigint PRIMARY KEY, email text, full_name text, plan text, seats integer)`,
    );
    await sql(
      `INSERT INTO ${name} SELECT ${firstId - 1} + g, '${name}-' || g || '@bench.example', 'Customer ' || g, (ARRAY['free','pro','enterprise'])[1 + g % 3], g % 50 FROM generate_series(1, ${rows}) g`,
    );
    await json('POST', '/activations', {
      name: name.replace(/_/g, '-'),
      source: { kind: 'postgres', query: `SELECT * FROM ${name}` },
      object: 'contact',
      behaviour: 'upsert',
      identifier: { field: 'external_id', column: 'customer_id' },
      mapping: [
        { column: 'email', field: 'email' },
        { column: 'full_name', field: 'name' },
        { column: 'plan', field: 'custom_attributes.plan' },
        { column: 'seats', field: 'custom_attributes.seats' },
      ],
    });
  }

  const results: ScenarioResult[] = [];
  const budget = options.rateLimitPerMinute;
  const measure = (
    id: string,
    title: string,
    rows: number,
    done: { progress: ActivationProgress; seconds: number; position: number },
    extra: { figures: Record<string, number | string>; interpretation: string[]; writtenRows: number },
  ) => {
    const traffic = trafficSince(intercom, done.position, done.seconds, budget);
    const warnings: string[] = [];
    if (done.progress.rowsFailed > 0) warnings.push(`${int(done.progress.rowsFailed)} rows failed`);
    if (done.progress.read !== rows) warnings.push(`read ${int(done.progress.read)} rows of ${int(rows)}`);
    const result = scenarioResult({
      id,
      title,
      unit: 'rows',
      records: rows,
      seconds: done.seconds,
      traffic,
      figures: {
        written: done.progress.written,
        unchanged: done.progress.unchanged,
        requestsPerWrittenRow: extra.writtenRows > 0 ? traffic.requests / extra.writtenRows : 0,
        ...extra.figures,
      },
      interpretation: [
        `${int(rows)} rows in ${fixed(done.seconds, 1)} s (${fixed(rows / done.seconds, 0)} rows/s); ${int(traffic.requests)} requests, ` +
          `${fixed(traffic.requests / rows, 3)} per source row, ${fixed(extra.writtenRows > 0 ? traffic.requests / extra.writtenRows : 0, 3)} per written row: ${perRecordBreakdown(traffic, rows, 0.001)}; ` +
          `budget ${percent(traffic.averageBudgetShare)} on average, ${percent(traffic.peakBudgetShare)} in the busiest window of ${int(budget)}/min, ${int(traffic.tooManyRequests)} × 429.`,
        ...extra.interpretation,
      ],
      warnings,
    });
    results.push(result);
    say(result.interpretation[0]!);
    return result;
  };

  // 10k rows, one fresh worker: its peak memory is the baseline.
  await table('small_rows', options.smallRows, 1);
  let worker = await spawnWorker();
  const small = await run('small-rows');
  const smallRss = peakRssMib(worker.pid!);
  worker.kill('SIGTERM');
  measure('activation-10k', `activation: upsert ${int(options.smallRows)} rows`, options.smallRows, small, {
    writtenRows: small.progress.written,
    figures: { workerPeakRssMib: smallRss },
    interpretation: [`worker peak RSS ${fixed(smallRss, 0)} MiB.`],
  });

  // 100k rows, another fresh worker.
  await table('large_rows', options.largeRows, 10_000_001);
  worker = await spawnWorker();
  const large = await run('large-rows');
  const largeRss = peakRssMib(worker.pid!);
  const ratio = largeRss / smallRss;
  measure('activation-100k', `activation: upsert ${int(options.largeRows)} rows`, options.largeRows, large, {
    writtenRows: large.progress.written,
    figures: { workerPeakRssMib: largeRss, rssRatioTo10k: ratio },
    interpretation: [
      `worker peak RSS ${fixed(largeRss, 0)} MiB, ${fixed(ratio, 2)} × the ${int(options.smallRows)}-row run's ${fixed(smallRss, 0)} MiB (goal ≤ 1.2).`,
    ],
  });

  // The same 100k re-run with 1% changed: only those are written, one PUT each.
  const changed = Math.round(options.largeRows * options.changedShare);
  await sql(`UPDATE large_rows SET plan = 'changed' WHERE customer_id % ${Math.round(1 / options.changedShare)} = 0`);
  const rerun = await run('large-rows');
  const rerunRss = peakRssMib(worker.pid!);
  worker.kill('SIGTERM');
  const rerunResult = measure(
    'activation-rerun',
    `activation: re-run, ${percent(options.changedShare)} changed`,
    options.largeRows,
    rerun,
    {
      writtenRows: rerun.progress.written,
      figures: { changedRows: changed, workerPeakRssMib: rerunRss },
      interpretation: [],
    },
  );
  const perChanged = rerunResult.figures.requestsPerWrittenRow as number;
  rerunResult.interpretation.push(
    `${int(rerun.progress.written)} rows written of ${int(changed)} changed, ${int(rerun.progress.unchanged)} unchanged at no request: ` +
      `${fixed(perChanged, 3)} requests per changed row (goal ≤ 1.05).`,
  );
  return results;
}
