import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ProvisioningError } from './ensure-cli';
import { isPortOpen, waitForPort } from './network';
import type { ProgressLog } from './progress';

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
}

export interface RunningDevServer {
  address: string;
  uiUrl?: string;
  logFile: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

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

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolvePromise) => {
    const timer = setTimeout(() => resolvePromise(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolvePromise(true);
    });
  });
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
  const child = spawn(options.cliPath, devServerArgs(options), { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(logStream);
  child.stderr?.pipe(logStream);
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });

  const ready = await waitForPort(options.ip, options.grpcPort, options.startTimeoutMs ?? 60_000, () => !exited);
  if (!ready) {
    child.kill('SIGKILL');
    throw new ProvisioningError(
      `the Temporal dev server did not accept connections on ${options.ip}:${options.grpcPort} ` +
        `(${exited ? `it exited with ${child.exitCode}` : 'timed out'}); see ${logFile}`,
    );
  }
  log.info(`Temporal dev server listening on ${options.ip}:${options.grpcPort} (log: ${logFile})`);

  return {
    address: `${options.ip}:${options.grpcPort}`,
    uiUrl: options.uiPort === undefined ? undefined : `http://${options.ip}:${options.uiPort}`,
    logFile,
    child,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      if (!(await waitForExit(child, 5_000))) {
        child.kill('SIGKILL');
        await waitForExit(child, 2_000);
      }
      logStream.end();
    },
  };
}
