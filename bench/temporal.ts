/**
 * The benchmark's own Temporal server: provisioned exactly as the test suite does it (an existing
 * TEMPORAL_ADDRESS, else the cached CLI's dev server, in memory on a free port), plus the workflow
 * bundle, built once and shared by every engine the benchmark starts.
 */
import { DefaultLogger, Runtime, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { provisionTestServer, workflowBundle } from '../test/helpers/temporal';

export interface BenchTemporal {
  address: string;
  namespace: string;
  /** Which provisioning path provided the server, for the report. */
  source: string;
  bundle: WorkflowBundleWithSourceMap;
  stop(): Promise<void>;
}

/**
 * Installs the SDK runtime before anything touches it, logging errors only, native core included:
 * the core warns about every activity that completes after its heartbeat timed out, which would
 * bury the report (the benchmark counts those retries itself).
 */
function installQuietRuntime(): void {
  Runtime.install({
    logger: new DefaultLogger('ERROR'),
    telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } },
  });
}

export async function startTemporal(): Promise<BenchTemporal> {
  installQuietRuntime();
  // Bundling (webpack) and starting the server are independent and both take seconds: overlap them.
  const [server, bundle] = await Promise.allSettled([provisionTestServer(), workflowBundle()]);
  if (server.status === 'rejected') throw server.reason;
  if (bundle.status === 'rejected') {
    await server.value.stop();
    throw bundle.reason;
  }
  const { address, namespace, source } = server.value;
  return { address, namespace, source, bundle: bundle.value, stop: () => server.value.stop() };
}
