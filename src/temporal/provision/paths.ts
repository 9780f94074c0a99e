import { resolve } from 'node:path';

/** The project root, from src/temporal/provision (tsx) or dist/temporal/provision (compiled). */
export const PROJECT_ROOT = resolve(__dirname, '..', '..', '..');

/** Git-ignored folder for tools provisioning builds or downloads. */
export const TOOLS_CACHE_DIR = resolve(PROJECT_ROOT, '.cache', 'temporal');

/** Where `go install` and the SDK download leave the Temporal CLI. */
export const CACHED_CLI_PATH = resolve(
  TOOLS_CACHE_DIR,
  'bin',
  process.platform === 'win32' ? 'temporal.exe' : 'temporal',
);

/** The one CLI version that `go install` can build (later versions carry a replace directive in go.mod). */
export const GO_INSTALLABLE_CLI = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';
