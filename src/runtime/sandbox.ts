/**
 * Sandbox mode: with no credentials, `npm start` runs the engine against the project's own Intercom
 * and Hull simulators on loopback, seeded with realistic sample data. Nothing leaves the machine.
 */
import type { HullConnection } from '../config/load';
import { Secret } from '../config/secret';
import type { Logger } from '../logger';
import { HullSimulator } from '../sandbox/hull';
import { IntercomSimulator, SANDBOX_CREDENTIALS } from '../sandbox/intercom';
import { SANDBOX_WEBHOOK_TOPICS, sandboxConnectorSettings } from './sandbox-settings';

export interface RunningSandbox {
  intercom: { apiUrl: string; accessToken: Secret; clientSecret: Secret };
  hull: HullConnection;
  intercomSimulator: IntercomSimulator;
  hullSimulator: HullSimulator;
  /** Points Intercom's webhooks and Hull's notifications at the engine once its API listens. */
  connectEngine(apiUrl: string): Promise<void>;
  stop(): Promise<void>;
}

/** The connection the engine needs to a running Hull simulator (sandbox, tests and benchmarks). */
export function hullConnectionOf(simulator: HullSimulator): HullConnection {
  return {
    organization: simulator.organization,
    connectorId: simulator.connectorId,
    connectorSecret: new Secret(simulator.connectorSecret),
    apiUrl: simulator.apiUrl,
    firehoseUrl: simulator.firehoseUrl,
  };
}

export async function startSandbox(log: Logger): Promise<RunningSandbox> {
  const intercomSimulator = new IntercomSimulator({
    // Intercom's own behaviour: new contacts take a while to become searchable.
    searchIndexLagMs: 30_000,
  });
  const hullSimulator = new HullSimulator({ privateSettings: { ...sandboxConnectorSettings() } });
  const intercomUrl = await intercomSimulator.start();
  await hullSimulator.start();
  const intercomSeed = intercomSimulator.seed({ users: 300, leads: 150, companies: 60, seed: 7 });
  hullSimulator.seed({ users: 200, accounts: 40, seed: 7 });
  log.info({ intercom: intercomSeed, hull: { users: 200, accounts: 40 } }, 'sandbox simulators seeded');

  return {
    intercom: {
      apiUrl: intercomUrl,
      accessToken: new Secret(SANDBOX_CREDENTIALS.accessToken),
      clientSecret: new Secret(SANDBOX_CREDENTIALS.clientSecret),
    },
    hull: hullConnectionOf(hullSimulator),
    intercomSimulator,
    hullSimulator,
    connectEngine(apiUrl: string) {
      intercomSimulator.setWebhook({ url: `${apiUrl}/webhooks/intercom`, topics: [...SANDBOX_WEBHOOK_TOPICS] }, true);
      hullSimulator.setNotifyTarget(`${apiUrl}/hull/notifications`);
      hullSimulator.setAutoNotify(true);
      // As when a connector is installed in Hull: the synchronized users and accounts are sent once.
      void Promise.all([
        hullSimulator.notifyUsers(hullSimulator.users().map((user) => user.id)),
        hullSimulator.notifyAccounts(hullSimulator.accounts().map((account) => account.id)),
      ]).then(
        ([users, accounts]) =>
          log.info(
            { users: users.delivered, accounts: accounts.delivered },
            'sandbox: Hull sent its synchronized users and accounts',
          ),
        (error: unknown) => log.warn({ err: error }, 'sandbox: Hull could not notify the engine'),
      );
      return Promise.resolve();
    },
    async stop() {
      await Promise.allSettled([intercomSimulator.stop(), hullSimulator.stop()]);
    },
  };
}
