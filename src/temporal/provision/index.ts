/**
 * Provisions the Temporal server the engine talks to, in this order (README "Temporal provisioning"):
 * (a) TEMPORAL_ADDRESS or a Temporal profile's address: an existing cluster; (b) a `temporal` CLI
 * already on PATH or in the project cache; (c) the SDK's own download; (d) `go install` of the CLI;
 * (e) tests only: the Java test server.
 * (b)-(d) run `temporal server start-dev` with a persistent SQLite file for `npm start`.
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TemporalConfig } from '../../config/load';
import { DEV_SERVER_SEARCH_ATTRIBUTES } from '../../shared/search-attributes';
import { startDevServer } from './dev-server';
import { ensureCli, ProvisioningError } from './ensure-cli';
import { startJavaTestServer } from './java-test-server';
import { findFreePort } from './network';
import type { ProgressLog } from './progress';

export { ProvisioningError } from './ensure-cli';

/** The SQLite database `npm start`'s dev server keeps in TEMPORAL_DATA_DIR (workflows, schedules). */
export const devServerDbFile = (dataDir: string): string => join(dataDir, 'temporal.sqlite');

export interface ProvisionedTemporal {
  address: string;
  namespace: string;
  uiUrl?: string;
  /** Which path provided the server, for the startup log and the operator. */
  source: string;
  /** The process id of the provisioned server's guard now (undefined for a cluster). */
  serverPid?(): number | undefined;
  stop(): Promise<void>;
}

export interface ProvisionRequest {
  temporal: TemporalConfig;
  /** `test`: in-memory, random port, headless; `start`: persistent, fixed ports, Web UI. */
  purpose: 'start' | 'test';
  log: ProgressLog;
}

export async function provisionTemporal({ temporal, purpose, log }: ProvisionRequest): Promise<ProvisionedTemporal> {
  if (temporal.address !== undefined) {
    return {
      address: temporal.address,
      namespace: temporal.namespace,
      source: temporal.addressSource ?? 'TEMPORAL_ADDRESS',
      stop: async () => {},
    };
  }
  const forceJava = process.env.TEMPORAL_PROVISIONING === 'java-test-server';
  if (!forceJava) {
    try {
      const cli = await ensureCli(log, temporal.devServer.cliPath);
      const isTest = purpose === 'test';
      if (!isTest) mkdirSync(temporal.devServer.dataDir, { recursive: true });
      const server = await startDevServer(
        {
          cliPath: cli.path,
          ip: '127.0.0.1',
          grpcPort: isTest ? await findFreePort() : temporal.devServer.grpcPort,
          uiPort: isTest ? undefined : temporal.devServer.uiPort,
          namespace: temporal.namespace,
          dbFile: isTest ? undefined : devServerDbFile(temporal.devServer.dataDir),
          logDir: isTest ? join(tmpdir(), 'hull-intercom-sync-tests') : temporal.devServer.dataDir,
          searchAttributes: DEV_SERVER_SEARCH_ATTRIBUTES,
          // npm start's own server is brought back when it dies; the test suite's is not.
          supervise: !isTest,
        },
        log,
      );
      return {
        address: server.address,
        namespace: temporal.namespace,
        uiUrl: server.uiUrl,
        source: `temporal dev server (CLI ${cli.how})`,
        serverPid: () => server.child.pid,
        stop: () => server.stop(),
      };
    } catch (error) {
      if (purpose === 'start' || !(error instanceof ProvisioningError)) throw error;
      log.warn(`${error.message}\nfalling back to (e) the Java test server for the test suite`);
    }
  }
  const server = await startJavaTestServer(log);
  return { address: server.address, namespace: 'default', source: '(e) Java test server', stop: () => server.stop() };
}
