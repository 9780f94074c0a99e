/**
 * One Temporal server for the whole integration run (the SDK's own harness does the same): provisioned
 * exactly as `npm start` does it (TEMPORAL_ADDRESS, else a CLI found or built), but in memory, headless
 * and on a free port. Test files connect to it through TEMPORAL_TEST_ADDRESS.
 */
import type { ProvisionedTemporal } from '../../src/temporal/provision';
import { stderrProgress } from '../../src/temporal/provision/progress';
import { provisionTestServer } from './temporal';

declare global {
  var __TEMPORAL_TEST_SERVER__: ProvisionedTemporal | undefined;
}

export default async function globalSetup(): Promise<void> {
  const startedAt = Date.now();
  const server = await provisionTestServer();
  globalThis.__TEMPORAL_TEST_SERVER__ = server;
  process.env.TEMPORAL_TEST_ADDRESS = server.address;
  process.env.TEMPORAL_TEST_NAMESPACE = server.namespace;
  stderrProgress.info(`test server ready at ${server.address} (${server.source}) in ${Date.now() - startedAt} ms`);
}
