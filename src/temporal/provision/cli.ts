/**
 * `npm run temporal:provision`: makes sure a Temporal CLI binary is available (paths b-d) without
 * starting a server, and reports how long it took. CI runs it before `npm test`.
 */
import { ensureCli } from './ensure-cli';
import { stderrProgress } from './progress';

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
