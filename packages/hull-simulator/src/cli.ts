/**
 * The simulator on its own (`npm start` in this package): `--port` (4020), `--users`, `--accounts` and
 * `--seed` for the sample data, `--state <file>` to keep the organization across restarts.
 */
import { runStandalone } from '@hull-intercom-sync/simulator-kit';
import { HullSimulator } from './index';

void runStandalone({
  name: 'Hull simulator',
  defaultPort: 4020,
  numbers: { users: 200, accounts: 40, seed: 7 },
  create: () => new HullSimulator(),
  seed: (simulator, { users, accounts, seed }) => {
    simulator.seed({ users, accounts, seed });
    return { users, accounts, seed };
  },
  describe: (simulator) => [
    `REST API: ${simulator.apiUrl} (headers Hull-App-Id: ${simulator.connectorId}, Hull-Access-Token: ${simulator.connectorSecret})`,
    `firehose: ${simulator.firehoseUrl}`,
    `organization: ${simulator.organization}`,
  ],
}).catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(2);
});
