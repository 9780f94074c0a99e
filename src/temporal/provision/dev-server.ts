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
  const server = await startServerProcess(options.cliPath, devServerArgs(options), {
    output: logStream,
    host: options.ip,
    port: options.grpcPort,
    timeoutMs: options.startTimeoutMs ?? 60_000,
    name: 'Temporal dev server',
    logHint: `; see ${logFile}`,
  }).catch((error: unknown) => {
    logStream.end();
    throw error;
  });
  log.info(`Temporal dev server listening on ${options.ip}:${options.grpcPort} (log: ${logFile})`);

  return {
    address: `${options.ip}:${options.grpcPort}`,
    uiUrl: options.uiPort === undefined ? undefined : `http://${options.ip}:${options.uiPort}`,
    logFile,
    child: server.child,
    async stop() {
      await server.stop();
      logStream.end();
    },
  };
}
