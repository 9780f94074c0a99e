/**
 * Sandbox mode: with no credentials, `npm start` runs the engine against the project's own Intercom
 * and Hull simulators on loopback. They live in the workspace package `@hull-intercom-sync/sandbox`
 * (packages/sandbox), a development dependency: this loader imports it by a name tsc does not follow,
 * so neither the production build nor the image contains simulator code, and a build without the
 * package says so in one line instead of failing somewhere inside.
 *
 * The simulators keep their state in `<TEMPORAL_DATA_DIR>/sandbox/` beside Temporal's, so a restart
 * continues where the last run stopped; `npm start -- --fresh` clears both (fresh-start.ts).
 */
import { join } from 'node:path';
import type { AppConfig, HullConnection } from '../config/load';
import { ConfigError } from '../config/issues';
import { Secret } from '../config/secret';
import type { Logger } from '../logger';
import { SANDBOX_WEBHOOK_TOPICS, sandboxConnectorSettings } from './sandbox-settings';

export const SANDBOX_PACKAGE = '@hull-intercom-sync/sandbox';

/** What the engine needs of a running Hull simulator (sandbox, tests and benchmarks). */
export interface HullSimulatorAddress {
  organization: string;
  connectorId: string;
  connectorSecret: string;
  apiUrl: string;
  firehoseUrl: string;
}

/**
 * The part of the sandbox package the engine relies on. Declared here rather than imported (an import
 * would pull the package into the build); test/unit/sandbox-loader.test.ts checks the package against it.
 */
export interface SandboxPackage {
  startSandbox(options: {
    log: Logger;
    stateDir: string;
    webhookTopics: readonly string[];
    connectorSettings(segmentId: (name: string) => string): object;
  }): Promise<{
    intercom: { url: string };
    hull: HullSimulatorAddress;
    intercomCredentials: { accessToken: string; clientSecret: string; clientId: string };
    restored: boolean;
    activationsDatabaseUrl: string;
    connectEngine(apiUrl: string): Promise<void>;
    stop(): Promise<void>;
  }>;
}

export interface RunningSandbox {
  intercom: { apiUrl: string; accessToken: Secret; clientSecret: Secret; clientId: string };
  hull: HullConnection;
  /** True when the simulators continue from the state a previous run saved. */
  restored: boolean;
  /** The sandbox's embedded PostgreSQL: the activations' database and the sample source. */
  activationsDatabaseUrl: string;
  /** Points Intercom's webhooks and Hull's notifications at the engine once its API listens. */
  connectEngine(apiUrl: string): Promise<void>;
  stop(): Promise<void>;
}

/** The connection the engine needs to a running Hull simulator (sandbox, tests and benchmarks). */
export function hullConnectionOf(simulator: HullSimulatorAddress): HullConnection {
  return {
    organization: simulator.organization,
    connectorId: simulator.connectorId,
    connectorSecret: new Secret(simulator.connectorSecret),
    apiUrl: simulator.apiUrl,
    firehoseUrl: simulator.firehoseUrl,
  };
}

const isMissing = (error: unknown, name: string): boolean => {
  const { code, message } = error as { code?: unknown; message?: unknown };
  return (
    (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') &&
    typeof message === 'string' &&
    message.includes(name)
  );
};

/** Imports the sandbox package; a missing or unloadable package is a configuration error with the way out. */
export async function loadSandboxPackage(name = SANDBOX_PACKAGE): Promise<SandboxPackage> {
  let loaded: unknown;
  try {
    loaded = await import(name);
  } catch (error) {
    if (isMissing(error, name)) {
      throw new ConfigError([
        `sandbox mode: the simulators are not installed (${name} is a development dependency, left out of production builds); set HULL_ORGANIZATION, HULL_CONNECTOR_ID, HULL_CONNECTOR_SECRET and INTERCOM_ACCESS_TOKEN to run live, or run the sandbox from a checkout with \`npm start\``,
      ]);
    }
    throw new ConfigError([
      `sandbox mode: ${name} could not be loaded (${(error as Error).message}); the sandbox runs from source with \`npm start\``,
    ]);
  }
  const candidate = loaded as Partial<SandboxPackage>;
  if (typeof candidate.startSandbox !== 'function') {
    throw new ConfigError([`sandbox mode: ${name} does not export startSandbox`]);
  }
  return candidate as SandboxPackage;
}

/** Where the sandbox's simulators keep their state: beside the local Temporal dev server's data. */
export const sandboxStateDir = (config: AppConfig): string => join(config.temporal.devServer.dataDir, 'sandbox');

export async function startSandbox(config: AppConfig, log: Logger): Promise<RunningSandbox> {
  const sandbox = await loadSandboxPackage();
  let running;
  try {
    running = await sandbox.startSandbox({
      log,
      stateDir: sandboxStateDir(config),
      webhookTopics: SANDBOX_WEBHOOK_TOPICS,
      connectorSettings: sandboxConnectorSettings,
    });
  } catch (error) {
    if ((error as Error).name !== 'SandboxStateError') throw error;
    throw new ConfigError([
      `${(error as Error).message}; \`npm start -- --fresh\` starts the sandbox anew (it clears the simulators' state and Temporal's data)`,
    ]);
  }
  return {
    intercom: {
      apiUrl: running.intercom.url,
      accessToken: new Secret(running.intercomCredentials.accessToken),
      clientSecret: new Secret(running.intercomCredentials.clientSecret),
      clientId: running.intercomCredentials.clientId,
    },
    hull: hullConnectionOf(running.hull),
    restored: running.restored,
    activationsDatabaseUrl: running.activationsDatabaseUrl,
    connectEngine: (apiUrl) => running.connectEngine(apiUrl),
    stop: () => running.stop(),
  };
}
