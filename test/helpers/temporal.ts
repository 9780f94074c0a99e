/**
 * Per-file Temporal helpers: install the SDK runtime once, bundle the workflows once per file,
 * and give every test its own task queue so tests never share workers.
 */
import { randomUUID } from 'node:crypto';
import { bundleWorkflowCode, DefaultLogger, Runtime, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
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
