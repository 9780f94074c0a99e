/**
 * `npm run temporal:provision`: makes sure a Temporal CLI binary is available (paths b-d) without
 * starting a server, and reports how long it took. With `--unless-configured` (what `npm start` and
 * `npm test` run first, through scripts/setup.mjs) it only says so when the CLI is not needed: a
 * cluster is configured (TEMPORAL_ADDRESS or a Temporal profile's address), or the tests are told to
 * use the Java test server.
 */
import { readTemporalProfile } from '../../config/temporal-profile';
import { ensureCli } from './ensure-cli';
import { stderrProgress } from './progress';

function notNeeded(): string | undefined {
  if (!process.argv.includes('--unless-configured')) return undefined;
  if (process.env.TEMPORAL_PROVISIONING === 'java-test-server') return 'TEMPORAL_PROVISIONING=java-test-server';
  const { address, addressSource } = readTemporalProfile(process.env).profile;
  return address === undefined ? undefined : `${addressSource ?? 'TEMPORAL_ADDRESS'} names the cluster ${address}`;
}

const reason = notNeeded();
if (reason !== undefined) {
  stderrProgress.info(`no local Temporal CLI needed: ${reason}`);
} else {
  const startedAt = Date.now();
  ensureCli(stderrProgress, process.env.TEMPORAL_CLI_PATH || undefined)
    .then((cli) => {
      const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
      stderrProgress.info(`Temporal CLI ready (${cli.how}) in ${seconds}s: ${cli.path}`);
    })
    .catch((error: Error) => {
      stderrProgress.warn(error.message);
      process.exitCode = 1;
    });
}
