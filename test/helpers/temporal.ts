/**
 * Per-file Temporal helpers: install the SDK runtime once, bundle the workflows once per file,
 * and give every test its own task queue so tests never share workers.
 */
import { randomUUID } from 'node:crypto';
import { bundleWorkflowCode, DefaultLogger, Runtime, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { loadConfig } from '../../src/config/load';
import { provisionTemporal, type ProvisionedTemporal } from '../../src/temporal/provision';
import { stderrProgress } from '../../src/temporal/provision/progress';
import { WORKFLOWS_PATH } from '../../src/temporal/worker';

let runtimeInstalled = false;

/** Quiet SDK logs in tests (TEST_LOG_LEVEL=WARN to see more); call before anything touches the runtime. */
export function installTestRuntime(): void {
  if (runtimeInstalled) return;
  const level = (process.env.TEST_LOG_LEVEL?.toUpperCase() ?? 'ERROR') as 'ERROR' | 'WARN' | 'INFO' | 'DEBUG';
  Runtime.install({ logger: new DefaultLogger(level) });
  runtimeInstalled = true;
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/** The workflow bundle, built once per test file (webpack is slow and memory-hungry). */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: new DefaultLogger('WARN') });
  return bundle;
}

export const uniqueTaskQueue = (name: string): string => `test-${name}-${randomUUID().slice(0, 8)}`;

/**
 * The Temporal server for tests and benchmarks, provisioned as `npm start` does it (TEMPORAL_ADDRESS,
 * else a CLI found or built) but in memory, headless and on a free port.
 */
export function provisionTestServer(): Promise<ProvisionedTemporal> {
  const { temporal } = loadConfig({
    TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS,
    TEMPORAL_NAMESPACE: process.env.TEMPORAL_NAMESPACE,
    TEMPORAL_CLI_PATH: process.env.TEMPORAL_CLI_PATH,
  });
  return provisionTemporal({ temporal, purpose: 'test', log: stderrProgress });
}
