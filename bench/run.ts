/**
 * `npm run bench`: provisions a Temporal dev server, runs the engine in-process against both
 * simulators through the scenarios of plan.ts, prints the report and writes bench/results/latest.json.
 * Timings are reported, never asserted: the exit code says only whether every scenario completed.
 */
import { cleanupAll, onCleanup } from './cleanup';
import { loadBenchConfig } from './config';
import { runPlan } from './plan';
import { describeEnvironment, formatReport, writeReport, type BenchReport } from './report';
import { startTemporal } from './temporal';

async function main(): Promise<void> {
  const config = loadBenchConfig();
  const startedAt = new Date();
  console.error('[bench] starting a Temporal dev server and bundling the workflows');
  const temporal = await startTemporal();
  onCleanup('the Temporal server', () => temporal.stop());

  const scenarios = await runPlan(config, temporal);
  const finishedAt = new Date();
  const report: BenchReport = {
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    totalSeconds: (finishedAt.getTime() - startedAt.getTime()) / 1000,
    environment: describeEnvironment(temporal.source),
    config,
    scenarios,
  };
  await writeReport(report);
  console.log(formatReport(report));
}

let interrupted = false;
process.once('SIGINT', () => {
  interrupted = true;
  console.error('[bench] interrupted: stopping everything');
  void cleanupAll().finally(() => process.exit(130));
});

main()
  .then(cleanupAll)
  .then(() => process.exit(0))
  .catch(async (error: unknown) => {
    if (interrupted) return;
    console.error(`[bench] failed: ${error instanceof Error ? error.message : String(error)}`);
    if (error instanceof Error && error.stack && process.env.BENCH_DEBUG) console.error(error.stack);
    await cleanupAll();
    process.exit(1);
  });
