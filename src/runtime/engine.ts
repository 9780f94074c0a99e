/**
 * Wires one engine process: Hull and Intercom clients, live settings, Temporal client and workers,
 * and the HTTP API. `role` splits the API and the workers into separate processes (docker-compose);
 * `all` runs both. Returns a stop function that shuts down in reverse order.
 */
import type { Client } from '@temporalio/client';
import type { NativeConnection, Worker, WorkflowBundleOption } from '@temporalio/worker';
import { ActivationSources } from '../activations/sources';
import { ActivationStore } from '../activations/store';
import { listen } from '../api/listen';
import { buildApi } from '../api/server';
import type { ConnectorSettings } from '../config/connector-settings';
import type { AppConfig, HullConnection } from '../config/load';
import { SettingsProvider } from '../config/settings-provider';
import { HullClient } from '../hull/client';
import { NotificationAuthenticator } from '../hull/notification-auth';
import { IntercomClient } from '../intercom/client';
import { IntercomLookups } from '../intercom/lookups';
import { RateGovernor } from '../intercom/rate-governor';
import type { Logger } from '../logger';
import { HealthFile } from './health-file';
import { StopList } from './stop-list';
import { connectClient, connectWorker, isTemporalReachable, type TemporalEndpoint } from '../temporal/connection';
import { ensureSearchAttributes } from '../temporal/ensure-search-attributes';
import { ensureIncrementalSchedules } from '../temporal/schedules';
import { ensureActivationSchedules } from '../temporal/activation-schedules';
import { activationDefinitionSchema } from '../sync/activations/definition';
import { taskQueuesFor } from '../shared/task-queues';
import { createEngineWorkers } from '../temporal/worker';

export type Role = 'all' | 'api' | 'worker';

export interface EngineOptions {
  config: AppConfig;
  hull: HullConnection;
  temporal: TemporalEndpoint;
  role: Role;
  log: Logger;
  workflowBundle?: WorkflowBundleOption;
  /** Called if a worker stops on its own (e.g. lost connection beyond retries): the process should exit. */
  onWorkerFailure?: (error: unknown) => void;
}

export interface RunningEngine {
  apiUrl?: string;
  settings: SettingsProvider;
  temporalClient: Client;
  stop(): Promise<void>;
}

export async function startEngine(options: EngineOptions): Promise<RunningEngine> {
  const { config, log, role } = options;
  const hull = new HullClient(options.hull);
  const settings = new SettingsProvider({
    source: { fetch: async () => (await hull.getConnector()).private_settings ?? {} },
    overrides: config.settingsOverrides,
    onRejected: (problems) => log.error({ problems }, 'rejected invalid connector settings; keeping the previous ones'),
    onUnavailable: (error) =>
      log.warn({ err: error }, 'could not refresh the connector settings from Hull; keeping the last copy'),
  });
  await settings.load();

  const intercom = new IntercomClient({
    baseUrl: config.intercom.apiUrl,
    apiVersion: config.intercom.apiVersion,
    accessToken: async () => config.intercom.accessToken?.reveal() ?? (await settings.current()).access_token,
    governor: new RateGovernor({ limitPerMinute: config.intercom.rateLimitPerMinute }),
  });

  const taskQueues = taskQueuesFor(config.temporal.taskQueue);
  const activationsUrl = config.activations.databaseUrl?.reveal();
  const store =
    activationsUrl === undefined
      ? undefined
      : new ActivationStore(
          hull.connectorId,
          { connectionString: activationsUrl },
          config.activations.recordsRetentionDays,
        );
  const sources = store === undefined ? undefined : new ActivationSources(store);
  if (store !== undefined) await store.ready();
  const temporalClient = await connectClient(options.temporal);
  const stoppers = new StopList(log);
  stoppers.add(() => temporalClient.connection.close());
  if (store !== undefined) stoppers.add(() => store.close());
  if (sources !== undefined) stoppers.add(() => sources.close());

  // Whichever process sees a settings change (the API through notifications, workers through their
  // refresh) brings the schedules in line; the update is idempotent.
  const ensureSchedules = (current: ConnectorSettings) =>
    ensureIncrementalSchedules(temporalClient, hull.connectorId, taskQueues.main, current, log).catch(
      (error: unknown) => log.error({ err: error }, 'could not create or update the incremental fetch schedules'),
    );
  settings.onChange((current) => void ensureSchedules(current));

  let workerConnection: NativeConnection | undefined;
  let workers: Worker[] = [];
  let workersRunning: Promise<unknown> = Promise.resolve();
  if (role !== 'api') {
    await ensureSearchAttributes(temporalClient, log);
    workerConnection = await connectWorker(options.temporal);
    workers = await createEngineWorkers({
      connection: workerConnection,
      namespace: options.temporal.namespace,
      taskQueues,
      deps: {
        intercom,
        lookups: new IntercomLookups(intercom),
        hull,
        settings,
        authPauseMs: config.intercom.authPauseSeconds * 1000,
        activations: store && sources && { store, sources },
      },
      intercomRateLimitPerMinute: config.intercom.rateLimitPerMinute,
      workflowBundle: options.workflowBundle,
    });
    await ensureSchedules(await settings.current());
    if (store !== undefined) {
      // Activations with a schedule: the settings' ones and those made through the API.
      const stored = (await store.listDefinitions()).flatMap((entry) => {
        const parsed = activationDefinitionSchema.safeParse(entry.definition);
        return parsed.success ? [parsed.data] : [];
      });
      const fromSettings = (await settings.current()).activations;
      const names = new Set(fromSettings.map((definition) => definition.name));
      await ensureActivationSchedules(
        temporalClient,
        hull.connectorId,
        taskQueues.main,
        [...fromSettings, ...stored.filter((definition) => !names.has(definition.name))],
        log,
      );
    }
    workersRunning = Promise.all(workers.map((worker) => worker.run())).catch((error: unknown) => {
      log.error({ err: error }, 'a Temporal worker stopped unexpectedly');
      options.onWorkerFailure?.(error);
    });
    const connection = workerConnection;
    stoppers.add(async () => {
      for (const worker of workers) if (worker.getState() === 'RUNNING') worker.shutdown();
      await workersRunning;
      await connection.close();
    });
    if (config.healthFile !== undefined) {
      const running = workers;
      const health = new HealthFile(
        config.healthFile,
        async () => running.every((worker) => worker.getState() === 'RUNNING') && isTemporalReachable(temporalClient),
      );
      await health.beat();
      health.start();
      stoppers.add(() => health.stop());
    }
  }

  let apiUrl: string | undefined;
  if (role !== 'worker') {
    const api = buildApi({
      temporal: temporalClient,
      taskQueues,
      mode: config.mode,
      log,
      connectorId: hull.connectorId,
      settings,
      intercomClientSecret: config.intercom.clientSecret,
      operatorToken: config.api.token,
      activations: store && { store },
      notificationAuth: new NotificationAuthenticator({
        connectorId: options.hull.connectorId,
        organization: options.hull.organization,
        secret: () => options.hull.connectorSecret.reveal(),
        trustedKeyOrigins: config.notifications.trustedKeyOrigins,
        skipSignature: config.notifications.skipSignature,
      }),
    });
    apiUrl = await listen(api, config.api.host, config.api.port);
    stoppers.add(() => api.close());
  }

  return {
    apiUrl,
    settings,
    temporalClient,
    stop: () => stoppers.run(),
  };
}
