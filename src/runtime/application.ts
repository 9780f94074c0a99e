/**
 * What `npm start` runs: in sandbox mode the simulators first, then Temporal (provisioned or
 * connected), then the engine. One `stop()` unwinds it all: API, workers, Temporal dev server,
 * simulators.
 */
import type { AppConfig, HullConnection } from '../config/load';
import { ConfigError } from '../config/issues';
import type { Logger } from '../logger';
import { StopList } from './stop-list';
import { provisionTemporal } from '../temporal/provision';
import { startEngine, type Role } from './engine';
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

export async function startApplication(config: AppConfig, role: Role, log: Logger, onFatal: (error: unknown) => void) {
  checkRole(config, role);
  const stoppers = new StopList(log);
  const stop = () => stoppers.run();
  try {
    let sandbox: RunningSandbox | undefined;
    let hull: HullConnection | undefined = config.hull;
    let effective = config;
    if (config.mode === 'sandbox') {
      sandbox = await startSandbox(log);
      stoppers.add(() => sandbox!.stop());
      hull = sandbox.hull;
      effective = { ...config, intercom: { ...config.intercom, ...sandbox.intercom } };
      log.info(
        { intercomSimulator: sandbox.intercom.apiUrl, hullSimulator: sandbox.hull.apiUrl },
        'sandbox mode: no credentials configured, so the engine runs against seeded Intercom and Hull simulators',
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
