/**
 * `npm start -- --fresh`: the sandbox starts anew. A sandbox's state lives in two places that must
 * agree: the simulators' files and the local Temporal dev server's database (workflows remember the
 * simulators' ids). Both are removed together, before anything starts.
 */
import { existsSync, rmSync } from 'node:fs';
import type { AppConfig } from '../config/load';
import { ConfigError } from '../config/issues';
import type { Logger } from '../logger';
import { devServerDbFile } from '../temporal/provision';
import { sandboxStateDir } from './sandbox';

/** SQLite keeps a write-ahead log and shared memory beside the database while it is open. */
const SQLITE_COMPANIONS = ['', '-wal', '-shm', '-journal'];

/** The files a fresh start removes (only those that exist). */
export function freshStartTargets(config: AppConfig): string[] {
  const db = devServerDbFile(config.temporal.devServer.dataDir);
  return [...SQLITE_COMPANIONS.map((suffix) => `${db}${suffix}`), sandboxStateDir(config)].filter((path) =>
    existsSync(path),
  );
}

export function clearSandboxState(config: AppConfig, log: Logger): void {
  const problems: string[] = [];
  if (config.mode !== 'sandbox') {
    problems.push('--fresh: only sandbox mode keeps local state to clear (credentials are configured)');
  }
  if (config.temporal.address !== undefined) {
    problems.push(
      `--fresh: clears the local Temporal dev server's data, but TEMPORAL_ADDRESS points at ${config.temporal.address}; unset it, or reset that server yourself`,
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const removed = freshStartTargets(config);
  for (const path of removed) rmSync(path, { recursive: true, force: true });
  log.info({ removed }, 'fresh start: removed the sandbox simulators state and Temporal data');
}
