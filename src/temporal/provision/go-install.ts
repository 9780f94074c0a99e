import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { CACHED_CLI_PATH, GO_INSTALLABLE_CLI } from './paths';
import { startTicker, type ProgressLog } from './progress';
import { runCommand } from './run-command';

const MINIMUM_GO = [1, 25] as const;

/** Parses "go version go1.26.8 linux/amd64" into [1, 26]. */
export function parseGoVersion(output: string): [number, number] | undefined {
  const match = /go(\d+)\.(\d+)/.exec(output.replace(/^go version /, ''));
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

/**
 * (d) Builds the Temporal CLI from source with `go install` into the project cache. The first build
 * downloads modules and compiles for a few minutes; later runs find the binary and skip this.
 */
export async function installCliWithGo(log: ProgressLog): Promise<string> {
  const version = await runCommand('go', ['version']);
  if (version.code !== 0) throw new Error('Go is not installed (`go version` failed)');
  const parsed = parseGoVersion(version.stdout);
  if (!parsed || parsed[0] < MINIMUM_GO[0] || (parsed[0] === MINIMUM_GO[0] && parsed[1] < MINIMUM_GO[1])) {
    throw new Error(`Go ${MINIMUM_GO.join('.')} or newer is needed, found: ${version.stdout.trim()}`);
  }
  log.info(`building the Temporal CLI with ${version.stdout.trim()}: go install ${GO_INSTALLABLE_CLI}`);
  log.info('the first build downloads modules and compiles for a few minutes; it is cached afterwards');
  const stopTicker = startTicker(log, 'still building the Temporal CLI', 'the first build takes 2-5 minutes');
  let downloads = 0;
  try {
    const result = await runCommand('go', ['install', GO_INSTALLABLE_CLI], {
      env: { ...process.env, GOBIN: dirname(CACHED_CLI_PATH), GOFLAGS: process.env.GOFLAGS ?? '' },
      onLine: (line) => {
        if (line.startsWith('go: downloading')) {
          downloads += 1;
          if (downloads % 25 === 1) log.info(`${line} (${downloads} modules so far)`);
        }
      },
    });
    if (result.code !== 0) {
      const tail = result.stderr.trim().split('\n').slice(-5).join(' | ');
      throw new Error(`go install exited with ${result.code}: ${tail}`);
    }
  } finally {
    stopTicker();
  }
  if (!existsSync(CACHED_CLI_PATH)) throw new Error(`go install succeeded but ${CACHED_CLI_PATH} is missing`);
  return CACHED_CLI_PATH;
}
