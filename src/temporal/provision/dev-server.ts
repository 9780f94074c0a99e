import type { ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ProvisioningError } from './ensure-cli';
import { isPortOpen } from './network';
import type { ProgressLog } from './progress';
import { startServerProcess } from './server-process';

export interface DevServerOptions {
  cliPath: string;
  ip: string;
  grpcPort: number;
  /** Omit for a headless server (tests). */
  uiPort?: number;
  namespace: string;
  /** SQLite file that keeps workflows and schedules across restarts; omit for in-memory. */
  dbFile?: string;
  /** Folder for the server's own log file. */
  logDir: string;
  searchAttributes: Record<string, string>;
  startTimeoutMs?: number;
  /**
   * Restart the server, on the same data, when it exits without being asked to (`npm start`'s own
   * server): said in the log, retried with a growing pause (1 s doubling to 30 s) until it is back.
   */
  supervise?: boolean;
}

export interface RunningDevServer {
  address: string;
  uiUrl?: string;
  logFile: string;
  /** The guard process of the server now running (a supervised server gets a new one on each restart). */
  readonly child: ChildProcess;
  /** How many times a supervised server was restarted. */
  readonly restarts: number;
  stop(): Promise<void>;
}

const RESTART_PAUSE_MS = { first: 1_000, max: 30_000 };

function devServerArgs(options: DevServerOptions): string[] {
  const args = ['server', 'start-dev', '--ip', options.ip, '--port', String(options.grpcPort)];
  args.push('--log-level', 'warn', '--log-format', 'json');
  if (options.namespace !== 'default') args.push('--namespace', options.namespace);
  if (options.dbFile !== undefined) args.push('--db-filename', options.dbFile);
  if (options.uiPort !== undefined) args.push('--ui-port', String(options.uiPort));
  else args.push('--headless');
  for (const [name, type] of Object.entries(options.searchAttributes)) {
    args.push('--search-attribute', `${name}=${type}`);
  }
  return args;
}

/** Starts `temporal server start-dev` and resolves once its gRPC port accepts connections. */
export async function startDevServer(options: DevServerOptions, log: ProgressLog): Promise<RunningDevServer> {
  const ports = [options.grpcPort, ...(options.uiPort === undefined ? [] : [options.uiPort])];
  for (const port of ports) {
    if (await isPortOpen(options.ip, port)) {
      throw new ProvisioningError(
        `port ${port} on ${options.ip} is already in use (another Temporal dev server?). ` +
          `Use it with TEMPORAL_ADDRESS=${options.ip}:${options.grpcPort}, or pick other ports with ` +
          'TEMPORAL_DEV_SERVER_PORT / TEMPORAL_UI_PORT.',
      );
    }
  }
  mkdirSync(options.logDir, { recursive: true });
  const logFile = join(options.logDir, `temporal-dev-server-${options.grpcPort}.log`);
  const logStream = createWriteStream(logFile, { flags: 'a' });
  const address = `${options.ip}:${options.grpcPort}`;
  const launch = () =>
    startServerProcess(options.cliPath, devServerArgs(options), {
      output: logStream,
      host: options.ip,
      port: options.grpcPort,
      timeoutMs: options.startTimeoutMs ?? 60_000,
      name: 'Temporal dev server',
      logHint: `; see ${logFile}`,
    });
  let server = await launch().catch((error: unknown) => {
    logStream.end();
    throw error;
  });
  log.info(`Temporal dev server listening on ${address} (log: ${logFile})`);

  let stopping = false;
  let restarts = 0;
  let pendingRestart: NodeJS.Timeout | undefined;
  const restartLater = (attempt: number) => {
    const pauseMs = Math.min(RESTART_PAUSE_MS.max, RESTART_PAUSE_MS.first * 2 ** attempt);
    pendingRestart = setTimeout(() => {
      if (stopping) return;
      launch().then(
        (next) => {
          if (stopping) return void next.stop();
          server = next;
          restarts += 1;
          log.info(`Temporal dev server restarted on ${address}, on the same data (restart ${restarts})`);
          watch(next.child);
        },
        (error: unknown) => {
          log.warn(`could not restart the Temporal dev server: ${(error as Error).message}; trying again`);
          restartLater(attempt + 1);
        },
      );
    }, pauseMs);
  };
  const watch = (child: ChildProcess) =>
    child.once('exit', (code, signal) => {
      if (stopping || !options.supervise) return;
      log.warn(
        `the Temporal dev server exited on its own (${signal ?? `exit code ${code}`}; its log: ${logFile}); restarting it on the same data`,
      );
      restartLater(0);
    });
  watch(server.child);

  return {
    address,
    uiUrl: options.uiPort === undefined ? undefined : `http://${options.ip}:${options.uiPort}`,
    logFile,
    get child() {
      return server.child;
    },
    get restarts() {
      return restarts;
    },
    async stop() {
      stopping = true;
      clearTimeout(pendingRestart);
      await server.stop();
      logStream.end();
    },
  };
}
