/**
 * One Temporal server for the whole integration run (the SDK's own harness does the same): provisioned
 * exactly as `npm start` does it (TEMPORAL_ADDRESS, else a CLI found or built), but in memory, headless
 * and on a free port. Test files connect to it through TEMPORAL_TEST_ADDRESS.
 */
import type { ProvisionedTemporal } from '../../src/temporal/provision';
import { stderrProgress } from '../../src/temporal/provision/progress';
import { startTestPostgres, type TestPostgres } from './postgres';
import { provisionTestServer } from './temporal';

declare global {
  var __TEMPORAL_TEST_SERVER__: ProvisionedTemporal | undefined;
  var __POSTGRES_TEST_SERVER__: TestPostgres | undefined;
}

export default async function globalSetup(): Promise<void> {
  const startedAt = Date.now();
  // Both servers start at once; a failure of either stops the other.
  const [temporal, postgres] = await Promise.allSettled([provisionTestServer(), startTestPostgres()]);
  if (temporal.status === 'rejected' || postgres.status === 'rejected') {
    if (temporal.status === 'fulfilled') await temporal.value.stop();
    if (postgres.status === 'fulfilled') await postgres.value.stop();
    throw temporal.status === 'rejected' ? temporal.reason : (postgres as PromiseRejectedResult).reason;
  }
  const server = temporal.value;
  globalThis.__TEMPORAL_TEST_SERVER__ = server;
  globalThis.__POSTGRES_TEST_SERVER__ = postgres.value;
  process.env.TEST_POSTGRES_URL = postgres.value.url;
  stderrProgress.info(`PostgreSQL ready at 127.0.0.1:${postgres.value.port}`);
  process.env.TEMPORAL_TEST_ADDRESS = server.address;
  process.env.TEMPORAL_TEST_NAMESPACE = server.namespace;
  stderrProgress.info(`test server ready at ${server.address} (${server.source}) in ${Date.now() - startedAt} ms`);
}
