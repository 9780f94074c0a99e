import { copyFileSync, chmodSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { CACHED_CLI_PATH, TOOLS_CACHE_DIR } from './paths';
import type { ProgressLog } from './progress';

/**
 * (c) Lets the Temporal SDK download its dev server (needs internet), then keeps the binary in the
 * project cache so the engine runs it itself with a persistent database and fixed ports.
 */
export async function downloadCliWithSdk(log: ProgressLog): Promise<string> {
  const downloadDir = join(TOOLS_CACHE_DIR, 'sdk-download');
  mkdirSync(downloadDir, { recursive: true });
  log.info('downloading the Temporal dev server through the SDK (temporal.download)');
  const env = await TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'cached-download', downloadDir } },
  });
  await env.teardown();
  const binary = readdirSync(downloadDir).find((name) => name.startsWith('temporal-sdk-typescript-'));
  if (binary === undefined) throw new Error(`the SDK reported success but left no binary in ${downloadDir}`);
  mkdirSync(dirname(CACHED_CLI_PATH), { recursive: true });
  copyFileSync(join(downloadDir, binary), CACHED_CLI_PATH);
  chmodSync(CACHED_CLI_PATH, 0o755);
  return CACHED_CLI_PATH;
}
