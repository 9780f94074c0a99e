/**
 * `npm start`: loads and validates the configuration, starts (or connects to) Temporal, the workers
 * and the API, and stops cleanly on SIGINT/SIGTERM. `--role=api|worker` runs one half (docker-compose);
 * `--fresh` starts the sandbox anew (its simulators' state and the local Temporal data are cleared).
 */
import { Runtime } from '@temporalio/worker';
import { ConfigError } from './config/issues';
import { loadConfig } from './config/load';
import { createLogger } from './logger';
import { startApplication } from './runtime/application';
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
  const log = createLogger(config.logLevel);
  for (const warning of config.warnings) log.warn(warning);
  // The SDK narrates bundling and worker states at INFO; show that only with LOG_LEVEL=debug.
  const sdkMinimum = log.isLevelEnabled('debug') ? 'DEBUG' : 'WARN';
  Runtime.install({ logger: new PinoTemporalLogger(log.child({ component: 'temporal' }), sdkMinimum) });

  let stopping = false;
  let exitCode = 0;
  // Startup may still be running when a signal arrives; stop whatever it ends up having started.
  let started: Promise<Awaited<ReturnType<typeof startApplication>> | undefined> = Promise.resolve(undefined);
  const shutdown = (reason: string, code: number) => {
    if (stopping) {
      log.warn(`${reason} again: exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    exitCode = code;
    log.info(`${reason}: stopping (draining workers, stopping Temporal and simulators)`);
    void started
      .then((app) => app?.stop())
      .finally(() => {
        log.info('stopped');
        process.exit(exitCode);
      });
  };
  process.on('SIGINT', () => shutdown('SIGINT', 0));
  process.on('SIGTERM', () => shutdown('SIGTERM', 0));

  const onWorkerFailure = () => shutdown('worker failure', 1);
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
  if (stopping || app === undefined) return;
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
    },
    `hull-intercom-sync is running${config.mode === 'sandbox' ? ' in SANDBOX mode' : ''}: API ${app.apiUrl ?? '(worker only)'}, Temporal UI ${app.temporalUiUrl ?? 'n/a'}`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`fatal: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
