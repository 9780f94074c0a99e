/**
 * The engine's sandbox mode: the Intercom and Hull simulators on loopback, pointed at the engine's API
 * (Intercom's webhooks, Hull's notifications) once it listens. The engine loads this package only in
 * sandbox mode, through a dynamic import of a development dependency (src/runtime/sandbox.ts), so a
 * production build never contains it.
 *
 * The simulators keep their state in `stateDir` (beside Temporal's data): a first start seeds them
 * with realistic sample data and saves it; every later start restores what was saved, so the ids
 * Temporal's workflows remember still exist. The state is written whenever it changed (checked every
 * few seconds) and at stop, atomically.
 *
 * What only the engine knows comes in as options: the webhook topics it handles and the connector
 * settings it wants for the sample segments.
 */
import { join } from 'node:path';
import { HullSimulator, sampleSegmentId } from '@hull-intercom-sync/hull-simulator';
import { IntercomSimulator, SANDBOX_CREDENTIALS } from '@hull-intercom-sync/intercom-simulator';
import { keepSaved, StateFile, type KeptState } from '@hull-intercom-sync/simulator-kit';
import { startSandboxDatabase } from './activations-database';

export { SAMPLE_CUSTOMERS } from './activations-database';

/** What the sandbox logs through (a pino logger fits). */
export interface SandboxLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

export interface SandboxOptions {
  log: SandboxLogger;
  /** Where the simulators' state files live (created when missing). */
  stateDir: string;
  /** The 2.x topics the sandbox's Intercom app subscribes to. */
  webhookTopics: readonly string[];
  /** The Hull connector's private settings for a fresh sandbox, given the sample segments' ids by name. */
  connectorSettings(segmentId: (name: string) => string): object;
}

export interface RunningSandbox {
  intercom: IntercomSimulator;
  hull: HullSimulator;
  /** The token the Intercom simulator accepts and the secret it signs webhooks with. */
  intercomCredentials: { accessToken: string; clientSecret: string; clientId: string };
  /** True when the simulators continue from saved state, false when they were seeded afresh. */
  restored: boolean;
  /**
   * The activations' database: an embedded PostgreSQL on loopback (PGlite), also holding the sample
   * source table `sample_customers`.
   */
  activationsDatabaseUrl: string;
  /** Points Intercom's webhooks and Hull's notifications at the engine once its API listens. */
  connectEngine(apiUrl: string): Promise<void>;
  stop(): Promise<void>;
}

/** The saved state cannot be used as it is; the way out is a fresh start. */
export class SandboxStateError extends Error {
  override name = 'SandboxStateError';
}

/** How much sample data a fresh sandbox gets. */
export const SANDBOX_SEED = {
  intercom: { users: 300, leads: 150, companies: 60, seed: 7 },
  hull: { users: 200, accounts: 40, seed: 7 },
} as const;

/** How often the simulators' state is checked for changes and written. */
export const SAVE_INTERVAL_MS = 5_000;

export const stateFiles = (stateDir: string) => ({
  intercom: new StateFile(join(stateDir, 'intercom.json')),
  hull: new StateFile(join(stateDir, 'hull.json')),
});

/** Restores both simulators from their files; false when there are none (a fresh sandbox). */
function restoreSaved(files: ReturnType<typeof stateFiles>, intercom: IntercomSimulator, hull: HullSimulator): boolean {
  try {
    const saved = { intercom: files.intercom.read(), hull: files.hull.read() };
    if (saved.intercom === undefined && saved.hull === undefined) return false;
    if (saved.intercom === undefined || saved.hull === undefined) {
      const [present, missing] =
        saved.intercom === undefined ? [files.hull, files.intercom] : [files.intercom, files.hull];
      throw new Error(`${present.path} is there but ${missing.path} is not`);
    }
    intercom.restore(saved.intercom);
    hull.restore(saved.hull);
    return true;
  } catch (error) {
    throw new SandboxStateError(`the sandbox's saved state cannot be restored: ${(error as Error).message}`);
  }
}

export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const { log } = options;
  const files = stateFiles(options.stateDir);
  const intercom = new IntercomSimulator({
    // Intercom's own behaviour: new contacts take a while to become searchable.
    searchIndexLagMs: 30_000,
  });
  const hull = new HullSimulator({ privateSettings: { ...options.connectorSettings(sampleSegmentId) } });
  const restored = restoreSaved(files, intercom, hull);
  if (!restored) {
    intercom.seed(SANDBOX_SEED.intercom);
    hull.seed(SANDBOX_SEED.hull);
  }
  const summary = {
    intercom: { contacts: intercom.store.contacts.size, companies: intercom.store.companies.size },
    hull: { users: hull.users().length, accounts: hull.accounts().length },
    stateDir: options.stateDir,
  };
  log.info(
    summary,
    restored ? 'sandbox simulators continue from their saved state' : 'sandbox simulators seeded with sample data',
  );

  await intercom.start();
  await hull.start();
  const database = await startSandboxDatabase(options.stateDir);
  const onSaveError = (error: unknown) => log.warn({ err: error }, 'sandbox: could not save the simulators state');
  const kept: KeptState[] = [
    keepSaved(files.intercom, () => intercom.snapshot(), SAVE_INTERVAL_MS, onSaveError),
    keepSaved(files.hull, () => hull.snapshot(), SAVE_INTERVAL_MS, onSaveError),
  ];
  // Saved before the engine starts, so Temporal never holds ids the files do not.
  for (const state of kept) state.save();

  return {
    intercom,
    hull,
    intercomCredentials: {
      accessToken: SANDBOX_CREDENTIALS.accessToken,
      clientSecret: SANDBOX_CREDENTIALS.clientSecret,
      clientId: SANDBOX_CREDENTIALS.clientId,
    },
    restored,
    activationsDatabaseUrl: database.url,
    connectEngine(apiUrl: string) {
      intercom.setWebhook({ url: `${apiUrl}/webhooks/intercom`, topics: [...options.webhookTopics] }, true);
      hull.setNotifyTarget(`${apiUrl}/hull/notifications`);
      hull.setAutoNotify(true);
      // A restarted sandbox is the same installation: Hull only tells the engine what changes from now on.
      if (restored) return Promise.resolve();
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
      for (const state of kept) state.stop();
      await database.stop();
    },
  };
}
