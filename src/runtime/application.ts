/**
 * What `npm start` runs: in sandbox mode the simulators first, then Temporal (provisioned or
 * connected), then the engine. One `stop()` unwinds it all: API, workers, Temporal dev server,
 * simulators.
 */
import { existsSync } from 'node:fs';
import type { AppConfig, HullConnection } from '../config/load';
import { ConfigError } from '../config/issues';
import { Secret } from '../config/secret';
import { DEFAULT_SOURCE_ENV } from '../sync/activations/definition';
import type { Logger } from '../logger';
import { StopList } from './stop-list';
import { devServerDbFile, provisionTemporal } from '../temporal/provision';
import { startEngine, type Role } from './engine';
import { clearSandboxState } from './fresh-start';
import { startSandbox, type RunningSandbox } from './sandbox';

export interface RunningApplication {
  apiUrl?: string;
  temporalUiUrl?: string;
  temporalAddress: string;
  temporalSource: string;
  sandbox?: RunningSandbox;
  stop(): Promise<void>;
}

function checkRole(config: AppConfig, role: Role): void {
  if (role === 'all') return;
  const problems: string[] = [];
  if (config.temporal.address === undefined) {
    problems.push(
      `TEMPORAL_ADDRESS: is required with --role=${role} (separate API and worker processes share one cluster; a Temporal profile with an address also does)`,
    );
  }
  if (config.mode === 'sandbox') {
    problems.push(`--role=${role}: sandbox mode runs as one process; configure credentials or use --role=all`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
}

export interface StartOptions {
  /** `--fresh`: clear the sandbox's saved state and the local Temporal data before starting. */
  fresh?: boolean;
}

export async function startApplication(
  config: AppConfig,
  role: Role,
  log: Logger,
  onFatal: (error: unknown) => void,
  options: StartOptions = {},
) {
  checkRole(config, role);
  if (options.fresh === true) clearSandboxState(config, log);
  const temporalHadData =
    config.temporal.address === undefined && existsSync(devServerDbFile(config.temporal.devServer.dataDir));
  const stoppers = new StopList(log);
  const stop = () => stoppers.run();
  try {
    let sandbox: RunningSandbox | undefined;
    let hull: HullConnection | undefined = config.hull;
    let effective = config;
    if (config.mode === 'sandbox') {
      sandbox = await startSandbox(config, log);
      stoppers.add(() => sandbox!.stop());
      if (!sandbox.restored && temporalHadData) {
        log.warn(
          `sandbox: Temporal's data in ${config.temporal.devServer.dataDir} comes from a run whose simulators were not saved, so its workflows may remember ids the new simulators lack; \`npm start -- --fresh\` starts both anew`,
        );
      }
      hull = sandbox.hull;
      effective = {
        ...config,
        intercom: { ...config.intercom, ...sandbox.intercom },
        // The sandbox's embedded PostgreSQL, unless a database is configured: activations work out of the box.
        activations: {
          ...config.activations,
          databaseUrl: config.activations.databaseUrl ?? new Secret(sandbox.activationsDatabaseUrl),
        },
      };
      // The sample activation's source (the sandbox database's sample_customers table).
      process.env[DEFAULT_SOURCE_ENV] ??= sandbox.activationsDatabaseUrl;
      log.info(
        { intercomSimulator: sandbox.intercom.apiUrl, hullSimulator: sandbox.hull.apiUrl },
        'sandbox mode: no credentials configured, so the engine runs against the Intercom and Hull simulators',
      );
    }

    const temporal = await provisionTemporal({
      temporal: config.temporal,
      purpose: 'start',
      log: { info: (m) => log.info(m), warn: (m) => log.warn(m) },
    });
    stoppers.add(() => temporal.stop());

    const engine = await startEngine({
      config: effective,
      hull: hull!,
      temporal: {
        address: temporal.address,
        namespace: temporal.namespace,
        // A dev server the engine provisioned listens on loopback without TLS or keys.
        credentials: config.temporal.address === undefined ? undefined : config.temporal.credentials,
      },
      role,
      log,
      onWorkerFailure: onFatal,
    });
    stoppers.add(() => engine.stop());
    if (sandbox && engine.apiUrl) await sandbox.connectEngine(engine.apiUrl);

    return {
      apiUrl: engine.apiUrl,
      temporalUiUrl: temporal.uiUrl,
      temporalAddress: temporal.address,
      temporalSource: temporal.source,
      sandbox,
      stop,
    } satisfies RunningApplication;
  } catch (error) {
    await stop();
    throw error;
  }
}
