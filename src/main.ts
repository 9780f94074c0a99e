/**
 * `npm start`: loads and validates the configuration, starts (or connects to) Temporal, the workers
 * and the API, and stops cleanly on SIGINT/SIGTERM. `--role=api|worker` runs one half (docker-compose);
 * `--fresh` starts the sandbox anew (its simulators' state and the local Temporal data are cleared).
 */
import { Runtime } from '@temporalio/worker';
import { ConfigError } from './config/issues';
import { loadConfig } from './config/load';
import { createLogger, logFormatFor } from './logger';
import { startApplication, STOP_DEADLINE_MS } from './runtime/application';
import { runningStopSteps } from './runtime/stop-list';
import { heapLimitMib } from './runtime/heap-limit';
import { StopSignals } from './runtime/stop-signals';
import type { Role } from './runtime/engine';
import { ProvisioningError } from './temporal/provision';
import { PinoTemporalLogger } from './temporal/runtime-logger';

function parseRole(argv: string[]): Role {
  const flag = argv.find((arg) => arg.startsWith('--role='));
  const role = flag?.slice('--role='.length) ?? process.env.ROLE ?? 'all';
  if (role === 'all' || role === 'api' || role === 'worker') return role;
  throw new ConfigError([`--role: must be all, api or worker (got ${JSON.stringify(role)})`]);
}

async function main(): Promise<void> {
  let config;
  let role: Role;
  try {
    role = parseRole(process.argv.slice(2));
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  const log = createLogger(config.logLevel, logFormatFor(config.logFormat));
  for (const warning of config.warnings) log.warn(warning);
  // The SDK narrates bundling and worker states at INFO; show that only with LOG_LEVEL=debug.
  const sdkMinimum = log.isLevelEnabled('debug') ? 'DEBUG' : 'WARN';
  Runtime.install({
    logger: new PinoTemporalLogger(log.child({ component: 'temporal' }), sdkMinimum),
    // The SDK would shut the workers down on SIGINT/SIGTERM itself, before the API stops taking work;
    // the engine stops everything in its own order (runtime/application.ts).
    shutdownSignals: [],
  });

  const signals = new StopSignals();
  let exitCode = 0;
  // Startup may still be running when a signal arrives; stop whatever it ends up having started.
  let started: Promise<Awaited<ReturnType<typeof startApplication>> | undefined> = Promise.resolve(undefined);
  const stop = (reason: string, code: number, hint = '') => {
    const startedAt = Date.now();
    exitCode = code;
    log.info(`${reason}: stopping${hint}`);
    const deadline = setTimeout(() => {
      const pending = runningStopSteps();
      log.error(
        `the stop did not finish within ${STOP_DEADLINE_MS / 1000} s${pending.length > 0 ? ` (still stopping ${pending.join(', ')})` : ''}: exiting`,
      );
      process.exit(1);
    }, STOP_DEADLINE_MS);
    void started
      .then((app) => app?.stop())
      .finally(() => {
        clearTimeout(deadline);
        log.info(`stopped in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
        process.exit(exitCode);
      });
  };
  const onSignal = (signal: NodeJS.Signals) => {
    const verdict = signals.receive();
    if (verdict === 'duplicate') {
      log.debug(`${signal} again at once: the same stop request (npm forwards the terminal's signal), ignored`);
    } else if (verdict === 'force') {
      log.warn(`${signal} again: exiting without waiting for the stop to finish`);
      process.exit(1);
    } else {
      stop(signal, 0, signal === 'SIGINT' ? ' (press Ctrl-C again to force)' : ` (send ${signal} again to force)`);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const onWorkerFailure = () => {
    if (signals.stopping) return;
    signals.begin();
    stop('worker failure', 1);
  };
  const fresh = process.argv.slice(2).includes('--fresh');
  started = startApplication(config, role, log, onWorkerFailure, { fresh }).catch((error: unknown) => {
    if (error instanceof ConfigError || error instanceof ProvisioningError) {
      log.fatal(error.message);
    } else {
      log.fatal({ err: error }, 'startup failed');
    }
    process.exit(1);
  });
  const app = await started;
  if (signals.stopping || app === undefined) return;
  log.info(
    {
      mode: config.mode,
      role,
      api: app.apiUrl,
      temporalUi: app.temporalUiUrl ?? '(no Web UI on this Temporal server)',
      temporal: app.temporalAddress,
      temporalSource: app.temporalSource,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      heapLimitMib: heapLimitMib(),
    },
    `hull-intercom-sync is running${config.mode === 'sandbox' ? ' in SANDBOX mode' : ''}: API ${app.apiUrl ?? '(worker only)'}, Temporal UI ${app.temporalUiUrl ?? 'n/a'}`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`fatal: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
