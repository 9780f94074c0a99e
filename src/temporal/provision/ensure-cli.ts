import { downloadCliWithSdk } from './sdk-download';
import { findExistingCli } from './find-cli';
import { installCliWithGo } from './go-install';
import type { ProgressLog } from './progress';

export interface CliAcquisition {
  path: string;
  how: string;
  /** What was tried before the path that worked, with each failure's reason. */
  attempts: string[];
}

export class ProvisioningError extends Error {
  override name = 'ProvisioningError';
}

/**
 * Finds or obtains the `temporal` CLI, in the documented order: (b) already present, (c) the SDK's
 * download, (d) `go install`. Throws ProvisioningError listing every attempt and how to fix it.
 */
export async function ensureCli(log: ProgressLog, explicitPath?: string): Promise<CliAcquisition> {
  const existing = findExistingCli(explicitPath);
  if (existing) return { path: existing.path, how: `found on ${existing.where}`, attempts: [] };
  if (explicitPath !== undefined) {
    throw new ProvisioningError(`TEMPORAL_CLI_PATH=${explicitPath} is not an executable file`);
  }
  const attempts = ['(b) no temporal CLI on PATH or in .cache/temporal/bin'];
  const strategies: Array<[string, () => Promise<string>]> = [
    ['(c) SDK download', () => downloadCliWithSdk(log)],
    ['(d) go install', () => installCliWithGo(log)],
  ];
  for (const [name, obtain] of strategies) {
    const startedAt = Date.now();
    try {
      const path = await obtain();
      const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
      log.info(`${name} provided the Temporal CLI in ${seconds}s: ${path}`);
      return { path, how: name, attempts };
    } catch (error) {
      const reason = (error as Error).message.split('\n')[0] ?? String(error);
      attempts.push(`${name} failed: ${reason}`);
      log.warn(`${name} failed: ${reason}`);
    }
  }
  throw new ProvisioningError(
    [
      'could not provision a Temporal server. Tried:',
      ...attempts.map((a) => `  - ${a}`),
      'Fix one of these:',
      '  - point TEMPORAL_ADDRESS at a running Temporal cluster (host:port), or',
      '  - install the Temporal CLI (https://docs.temporal.io/cli) on PATH or set TEMPORAL_CLI_PATH, or',
      '  - allow access to temporal.download, or install Go 1.25+ with access to its module proxy.',
    ].join('\n'),
  );
}
