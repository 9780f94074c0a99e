/**
 * The simulator on its own (`npm start` in this package): `--port` (4010), `--users`, `--leads`,
 * `--companies` and `--seed` for the sample data, `--search-index-lag-ms` (how long a new contact stays
 * out of search), `--state <file>` to keep the workspace across restarts.
 */
import { runStandalone } from '@hull-intercom-sync/simulator-kit';
import { IntercomSimulator, SANDBOX_CREDENTIALS } from './index';

void runStandalone({
  name: 'Intercom simulator',
  defaultPort: 4010,
  numbers: { users: 300, leads: 150, companies: 60, seed: 7, 'search-index-lag-ms': 0 },
  create: (options) => new IntercomSimulator({ searchIndexLagMs: options['search-index-lag-ms'] }),
  seed: (simulator, { users, leads, companies, seed }) => simulator.seed({ users, leads, companies, seed }),
  describe: (_simulator, url) => [
    `REST API 2.16: curl -H 'Authorization: Bearer ${SANDBOX_CREDENTIALS.accessToken}' ${url}/contacts`,
    `webhooks are signed with the client secret ${SANDBOX_CREDENTIALS.clientSecret}`,
  ],
}).catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(2);
});
