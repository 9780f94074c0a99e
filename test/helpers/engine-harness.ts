/**
 * Runs the real engine in-process for integration tests: both simulators on loopback (the Intercom
 * one validating every request the engine sends, and every response, against the OpenAPI file), and
 * the engine's API and workers on the shared Temporal test server with a task queue of their own.
 */
import { randomBytes } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { ConnectorSettingsInput } from '../../src/config/connector-settings';
import { loadConfig, type AppConfig } from '../../src/config/load';
import { Secret } from '../../src/config/secret';
import { createLogger } from '../../src/logger';
import { startEngine, type RunningEngine } from '../../src/runtime/engine';
import { hullConnectionOf } from '../../src/runtime/sandbox';
import type { FetchProgress } from '../../src/shared/fetch';
import { HullSimulator, type HullSimulatorOptions } from '@hull-intercom-sync/hull-simulator';
import {
  createIntercomSpecValidator,
  IntercomSimulator,
  SANDBOX_CREDENTIALS,
  type IntercomSimulatorOptions,
} from '@hull-intercom-sync/intercom-simulator';
import { installTestRuntime, uniqueTaskQueue, workflowBundle } from './temporal';
import { waitFor } from './eventually';
import { createDatabase } from './postgres';

export interface HarnessOptions {
  name: string;
  settings?: ConnectorSettingsInput;
  intercom?: IntercomSimulatorOptions;
  hull?: HullSimulatorOptions;
  /** Overrides the token the engine sends (to test a revoked token). */
  engineIntercomToken?: string;
  /** `api`: no in-process workers (tests that run workers as separate processes). */
  role?: 'all' | 'api';
  /** Extra environment for the engine's configuration (e.g. INTERCOM_AUTH_PAUSE_SECONDS). */
  env?: Record<string, string>;
  /**
   * Activations on: a fresh database on the test PostgreSQL server, used as the activations' own database
   * and as their default source (ACTIVATIONS_SOURCE_DATABASE_URL).
   */
  activations?: boolean;
  /** OAuth on (INTERCOM_CLIENT_ID), against the Intercom simulator's authorise page and token endpoint. */
  oauth?: { encryptionKey: string };
}

export interface Harness {
  intercom: IntercomSimulator;
  hull: HullSimulator;
  engine: RunningEngine;
  /** The engine's live configuration: tests may swap the Intercom token to revoke and restore it. */
  config: AppConfig;
  /** The activations' database (also their default source), when `activations` was asked for. */
  databaseUrl?: string;
  apiUrl: string;
  taskQueue: string;
  stop(): Promise<void>;
}

let specValidator: ReturnType<typeof createIntercomSpecValidator> | undefined;

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  installTestRuntime();
  specValidator ??= createIntercomSpecValidator();
  const intercom = new IntercomSimulator({ specValidator, ...options.intercom });
  // A connector id of its own: workflow and schedule ids are per connector, and test files share a server.
  const connectorId = randomBytes(12).toString('hex');
  const hull = new HullSimulator({ connectorId, privateSettings: { ...options.settings }, ...options.hull });
  const intercomUrl = await intercom.start();
  await hull.start();

  const taskQueue = uniqueTaskQueue(options.name);
  const databaseUrl = options.activations === true ? await createDatabase() : undefined;
  if (databaseUrl !== undefined) process.env.ACTIVATIONS_SOURCE_DATABASE_URL = databaseUrl;
  const config = loadConfig({
    INTERCOM_API_URL: intercomUrl,
    TEMPORAL_TASK_QUEUE: taskQueue,
    PORT: '0',
    ACTIVATIONS_DATABASE_URL: databaseUrl,
    // Tests count Intercom requests: the status workflow checks the connections only when asked to.
    CONNECTION_CHECK_MINUTES: '0',
    ...(options.oauth && {
      INTERCOM_CLIENT_ID: SANDBOX_CREDENTIALS.clientId,
      INTERCOM_CLIENT_SECRET: SANDBOX_CREDENTIALS.clientSecret,
      INTERCOM_OAUTH_AUTHORIZE_URL: `${intercomUrl}/oauth`,
      INTERCOM_OAUTH_TOKEN_URL: `${intercomUrl}/auth/eagle/token`,
      TOKEN_ENCRYPTION_KEY: options.oauth.encryptionKey,
    }),
    // The simulator serves the notification signature key on its loopback origin: trusted explicitly.
    HULL_TRUSTED_KEY_ORIGINS: new URL(hull.url).origin,
    ...options.env,
  });
  config.intercom.accessToken = new Secret(options.engineIntercomToken ?? SANDBOX_CREDENTIALS.accessToken);
  config.intercom.clientSecret = new Secret(SANDBOX_CREDENTIALS.clientSecret);

  const stopSimulators = () => Promise.allSettled([intercom.stop(), hull.stop()]);
  let engine: RunningEngine;
  try {
    engine = await startEngine({
      config,
      hull: hullConnectionOf(hull),
      temporal: {
        address: process.env.TEMPORAL_TEST_ADDRESS!,
        namespace: process.env.TEMPORAL_TEST_NAMESPACE ?? 'default',
      },
      role: options.role ?? 'all',
      log: createLogger((process.env.TEST_LOG_LEVEL as 'info' | undefined) ?? 'silent'),
      workflowBundle: await workflowBundle(),
    });
  } catch (error) {
    // A failed start must not leave the simulators listening (the test file would never exit).
    await stopSimulators();
    throw error;
  }
  return {
    intercom,
    hull,
    engine,
    config,
    databaseUrl,
    apiUrl: engine.apiUrl!,
    taskQueue,
    async stop() {
      await engine.stop();
      await stopSimulators();
    },
  };
}

/** Fails the test with every OpenAPI problem the Intercom simulator recorded (engine requests included). */
export function expectConformingTraffic(intercom: IntercomSimulator): void {
  expect(intercom.specViolations).toEqual([]);
}

interface RunView {
  status: string;
  result?: FetchProgress;
  failure?: string;
}

/**
 * Follows GET /runs/<id> until the run ends and expects it completed: a failed run fails the test at
 * once, with the run's reason, instead of being polled until the timeout.
 */
export async function completedRun(harness: Harness, statusPath: string, timeoutMs: number): Promise<FetchProgress> {
  const view = await waitFor(
    `the run ${statusPath} to end`,
    async () => {
      const current = (await (await fetch(`${harness.apiUrl}${statusPath}`)).json()) as RunView;
      return current.status === 'RUNNING' ? undefined : current;
    },
    timeoutMs,
  );
  expect({ status: view.status, failure: view.failure }).toEqual({ status: 'COMPLETED', failure: undefined });
  return view.result!;
}

/** Whether a workflow with this id exists (any status); other errors (Temporal unreachable) fail the test. */
export async function workflowExists(harness: Harness, workflowId: string): Promise<boolean> {
  try {
    await harness.engine.temporalClient.workflow.getHandle(workflowId).describe();
    return true;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return false;
    throw error;
  }
}
