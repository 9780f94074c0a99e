import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { CACHED_CLI_PATH } from './paths';

const isExecutable = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** (b) A `temporal` CLI that is already here: TEMPORAL_CLI_PATH, then PATH, then the project's cache. */
export function findExistingCli(explicitPath?: string): { path: string; where: string } | undefined {
  if (explicitPath !== undefined) {
    return isExecutable(explicitPath) ? { path: explicitPath, where: 'TEMPORAL_CLI_PATH' } : undefined;
  }
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir !== '' && isExecutable(join(dir, 'temporal'))) return { path: join(dir, 'temporal'), where: 'PATH' };
  }
  return isExecutable(CACHED_CLI_PATH) ? { path: CACHED_CLI_PATH, where: 'project cache' } : undefined;
}
