/**
 * The engine's sandbox mode: the Intercom and Hull simulators on loopback, seeded with realistic
 * sample data, then pointed at the engine's API (Intercom's webhooks, Hull's notifications) once it
 * listens. The engine loads this package only in sandbox mode, through a dynamic import of a
 * development dependency (src/runtime/sandbox.ts), so a production build never contains it.
 *
 * What only the engine knows comes in as options: the webhook topics it handles and the connector
 * settings it wants for the sample segments.
 */
import { HullSimulator, sampleSegmentId } from '@hull-intercom-sync/hull-simulator';
import { IntercomSimulator, SANDBOX_CREDENTIALS } from '@hull-intercom-sync/intercom-simulator';

/** What the sandbox logs through (a pino logger fits). */
export interface SandboxLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

export interface SandboxOptions {
  log: SandboxLogger;
  /** The 2.x topics the sandbox's Intercom app subscribes to. */
  webhookTopics: readonly string[];
  /** The Hull connector's private settings, given the ids of the sample segments by name. */
  connectorSettings(segmentId: (name: string) => string): object;
}

export interface RunningSandbox {
  intercom: IntercomSimulator;
  hull: HullSimulator;
  /** The token the Intercom simulator accepts and the secret it signs webhooks with. */
  intercomCredentials: { accessToken: string; clientSecret: string };
  /** Points Intercom's webhooks and Hull's notifications at the engine once its API listens. */
  connectEngine(apiUrl: string): Promise<void>;
  stop(): Promise<void>;
}

/** How much sample data a fresh sandbox gets. */
export const SANDBOX_SEED = {
  intercom: { users: 300, leads: 150, companies: 60, seed: 7 },
  hull: { users: 200, accounts: 40, seed: 7 },
} as const;

export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const { log } = options;
  const intercom = new IntercomSimulator({
    // Intercom's own behaviour: new contacts take a while to become searchable.
    searchIndexLagMs: 30_000,
  });
  const hull = new HullSimulator({ privateSettings: { ...options.connectorSettings(sampleSegmentId) } });
  await intercom.start();
  await hull.start();
  const intercomSeed = intercom.seed(SANDBOX_SEED.intercom);
  hull.seed(SANDBOX_SEED.hull);
  log.info(
    { intercom: intercomSeed, hull: { users: hull.users().length, accounts: hull.accounts().length } },
    'sandbox simulators seeded',
  );

  return {
    intercom,
    hull,
    intercomCredentials: {
      accessToken: SANDBOX_CREDENTIALS.accessToken,
      clientSecret: SANDBOX_CREDENTIALS.clientSecret,
    },
    connectEngine(apiUrl: string) {
      intercom.setWebhook({ url: `${apiUrl}/webhooks/intercom`, topics: [...options.webhookTopics] }, true);
      hull.setNotifyTarget(`${apiUrl}/hull/notifications`);
      hull.setAutoNotify(true);
      // As when a connector is installed in Hull: the synchronized users and accounts are sent once.
      void Promise.all([
        hull.notifyUsers(hull.users().map((user) => user.id)),
        hull.notifyAccounts(hull.accounts().map((account) => account.id)),
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
      await Promise.allSettled([intercom.stop(), hull.stop()]);
    },
  };
}
