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
import { runStep, StopList, type StopStep } from './stop-list';
import { devServerDbFile, provisionTemporal } from '../temporal/provision';
import { SERVER_STOP_GRACE_MS } from '../temporal/provision/server-process';
import { ENGINE_STOP_BUDGETS, startEngine, type Role } from './engine';
import { clearSandboxState } from './fresh-start';
import { startSandbox, type RunningSandbox } from './sandbox';

/**
 * The application's stop steps, after the engine's own (engine.ts): about 9 s at the very worst,
 * within the 10 s a stop may take (docker's default grace, and what a person at a terminal waits).
 */
const STOP_BUDGETS = {
  engineMs: Object.values(ENGINE_STOP_BUDGETS).reduce((sum, ms) => sum + ms, 0),
  devServerMs: SERVER_STOP_GRACE_MS + 1_000,
  simulatorsMs: 1_000,
};

/** Seals only the simulator's tokens, in the sandbox's own database (TOKEN_ENCRYPTION_KEY replaces it). */
const SANDBOX_TOKEN_KEY = 'sandbox-only-key-for-simulator-tokens-not-a-secret';

/** The whole stop, by the budgets: main.ts gives up and exits after it. */
export const STOP_DEADLINE_MS =
  STOP_BUDGETS.engineMs + Math.max(STOP_BUDGETS.devServerMs, STOP_BUDGETS.simulatorsMs) + 300;

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
  // The dev server and the simulators go last, together: by then nothing needs either.
  const last: StopStep[] = [];
  const stop = async () => {
    await stoppers.run();
    await Promise.all(last.map((step) => runStep(step, log)));
  };
  try {
    let sandbox: RunningSandbox | undefined;
    let hull: HullConnection | undefined = config.hull;
    let effective = config;
    if (config.mode === 'sandbox') {
      const running = await startSandbox(config, log);
      sandbox = running;
      last.push({
        name: 'the simulators',
        waitingFor: () => 'saving their state',
        budgetMs: STOP_BUDGETS.simulatorsMs,
        run: () => running.stop(),
      });
      if (!sandbox.restored && temporalHadData) {
        log.warn(
          `sandbox: Temporal's data in ${config.temporal.devServer.dataDir} comes from a run whose simulators were not saved, so its workflows may remember ids the new simulators lack; \`npm start -- --fresh\` starts both anew`,
        );
      }
      hull = sandbox.hull;
      effective = {
        ...config,
        intercom: {
          ...config.intercom,
          apiUrl: sandbox.intercom.apiUrl,
          accessToken: sandbox.intercom.accessToken,
          clientSecret: sandbox.intercom.clientSecret,
          apiUrlConfigured: true,
          // OAuth against the simulator's authorise page and token endpoint, so "Connect Intercom" works with no
          // credentials; the key only protects simulator tokens in the sandbox's own database.
          oauth: {
            clientId: sandbox.intercom.clientId,
            authorizeUrl: `${sandbox.intercom.apiUrl}/oauth`,
            tokenUrl: `${sandbox.intercom.apiUrl}/auth/eagle/token`,
            encryptionKey: config.intercom.oauth?.encryptionKey ?? new Secret(SANDBOX_TOKEN_KEY),
          },
        },
        // The Hull simulator serves the notification signature key on its own loopback origin.
        notifications: {
          ...config.notifications,
          trustedKeyOrigins:
            config.notifications.trustedKeyOrigins.length > 0
              ? config.notifications.trustedKeyOrigins
              : [new URL(sandbox.hull.apiUrl).origin],
        },
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
    if (config.temporal.address === undefined) {
      last.push({
        name: 'the Temporal dev server',
        waitingFor: () => `asking it to exit (killed after ${SERVER_STOP_GRACE_MS / 1000} s)`,
        budgetMs: STOP_BUDGETS.devServerMs,
        run: () => temporal.stop(),
      });
    }

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
      temporalUiUrl: temporal.uiUrl,
      onWorkerFailure: onFatal,
    });
    stoppers.add({
      name: 'the engine',
      // Its own steps are bounded; this only keeps a stuck one from holding the dev server's stop.
      budgetMs: STOP_BUDGETS.engineMs,
      run: () => engine.stop(),
    });
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
