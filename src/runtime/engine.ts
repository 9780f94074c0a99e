/**
 * Wires one engine process: Hull and Intercom clients, live settings, Temporal client and workers,
 * and the HTTP API. `role` splits the API and the workers into separate processes (docker-compose);
 * `all` runs both. Returns a stop function that shuts down in reverse order.
 */
import type { Client } from '@temporalio/client';
import type { NativeConnection, Worker, WorkflowBundleOption } from '@temporalio/worker';
import { outgoingGateFor } from '../activities';
import { ActivityOutcomes } from '../activities/activity-outcomes';
import { ActivationSources } from '../activations/sources';
import { ActivationStore } from '../activations/store';
import { IntercomConnections } from '../activations/intercom-connection';
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
import { WorkspaceIdentity } from '../intercom/workspace';
import type { Logger } from '../logger';
import { HealthFile } from './health-file';
import { ProgressLines } from './progress-lines';
import { StopList } from './stop-list';
import { connectClient, connectWorker, isTemporalReachable, type TemporalEndpoint } from '../temporal/connection';
import { ensureSearchAttributes } from '../temporal/ensure-search-attributes';
import { handOverHullMessages } from '../temporal/hull-hand-over';
import { ensureIncrementalSchedules } from '../temporal/schedules';
import { ensureActivationSchedules } from '../temporal/activation-schedules';
import { activationDefinitionSchema } from '../sync/activations/definition';
import { taskQueuesFor } from '../shared/task-queues';
import { createEngineWorkers, WORKER_SHUTDOWN } from '../temporal/worker';
import { StatusReports } from '../temporal/status-reports';

export type Role = 'all' | 'api' | 'worker';

/**
 * How long each step of an engine's stop may take. With the dev server's and simulators' steps
 * (application.ts) they add up to less than the 10 s a stop may take (docker's default grace, and
 * what a person at a terminal waits for).
 */
export const ENGINE_STOP_BUDGETS = {
  /** The API's requests in flight get API_REQUEST_GRACE_MS, then its connections are dropped. */
  apiMs: 1_000,
  /** Workers' drain: running activities get WORKER_SHUTDOWN.graceMs, then are cancelled. */
  workersMs: WORKER_SHUTDOWN.forceMs + 500,
  temporalClientMs: 300,
  healthFileMs: 200,
  /** Pools of the activations' database and PostgreSQL sources: idle clients end at once. */
  activationsMs: 500,
};

const API_REQUEST_GRACE_MS = 800;

/** What the workers are still busy with, for the "stopping workers" line. */
function describeDrain(workers: Worker[]): string {
  const activities = workers.reduce((sum, worker) => sum + worker.getStatus().numInFlightActivities, 0);
  return `draining ${activities} running activit${activities === 1 ? 'y' : 'ies'} (cancelled after ${WORKER_SHUTDOWN.graceMs / 1000} s; Temporal retries them)`;
}

export interface EngineOptions {
  config: AppConfig;
  hull: HullConnection;
  temporal: TemporalEndpoint;
  role: Role;
  log: Logger;
  workflowBundle?: WorkflowBundleOption;
  /** The Temporal Web UI of a dev server the application provisioned (TEMPORAL_UI_URL wins). */
  temporalUiUrl?: string;
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
    onUnknownSettings: (lines) => lines.forEach((line) => log.warn(line)),
  });
  await settings.load();

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

  // The token: a workspace connected through OAuth first (an operator's latest act), then
  // INTERCOM_ACCESS_TOKEN, then Hull's connector setting. The host: INTERCOM_API_URL when set, else
  // the connected workspace's region.
  const oauth = config.intercom.oauth;
  const connections =
    oauth === undefined || store === undefined ? undefined : new IntercomConnections(store, oauth.encryptionKey);
  const governor = new RateGovernor({ limitPerMinute: config.intercom.rateLimitPerMinute });
  const intercomClient = (accessToken: () => Promise<string | undefined>, apiUrl?: () => Promise<string | undefined>) =>
    new IntercomClient({
      baseUrl: config.intercom.apiUrl,
      apiVersion: config.intercom.apiVersion,
      accessToken,
      apiUrl,
      governor,
    });
  const intercom = intercomClient(
    async () =>
      (await connections?.current())?.token ??
      config.intercom.accessToken?.reveal() ??
      (await settings.current()).access_token,
    config.intercom.apiUrlConfigured ? undefined : async () => (await connections?.current())?.apiUrl,
  );

  const temporalClient = await connectClient(options.temporal);
  const stoppers = new StopList(log);
  stoppers.add({
    name: 'the Temporal client',
    budgetMs: ENGINE_STOP_BUDGETS.temporalClientMs,
    run: () => temporalClient.connection.close(),
  });
  if (store !== undefined)
    stoppers.add({
      name: 'the activations database',
      budgetMs: ENGINE_STOP_BUDGETS.activationsMs,
      run: () => store.close(),
    });
  if (sources !== undefined)
    stoppers.add({
      name: "the activations' sources",
      budgetMs: ENGINE_STOP_BUDGETS.activationsMs,
      run: () => sources.close(),
    });
  /** Set once stopping begins: a worker ending now is the drain, not a failure. */
  let stopping = false;

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
    const outcomes = new ActivityOutcomes(log);
    await ensureSearchAttributes(temporalClient, log);
    workerConnection = await connectWorker(options.temporal);
    const authPauseMs = config.intercom.authPauseSeconds * 1000;
    const gate = outgoingGateFor({
      hull,
      authPauseMs,
      reconnect: oauth === undefined ? undefined : 'or connect Intercom again: GET /auth/intercom (the operator page)',
    });
    workers = await createEngineWorkers({
      connection: workerConnection,
      namespace: options.temporal.namespace,
      taskQueues,
      deps: {
        intercom,
        lookups: new IntercomLookups(intercom),
        hull,
        settings,
        authPauseMs,
        searchIndexLagMs: config.intercom.searchIndexLagSeconds * 1000,
        gate,
        oauth:
          oauth && connections && store && config.intercom.clientSecret
            ? {
                config: oauth,
                clientSecret: config.intercom.clientSecret,
                connections,
                store,
                apiUrl: config.intercom.apiUrl,
                apiUrlConfigured: config.intercom.apiUrlConfigured,
                me: (token, apiUrl, signal) =>
                  intercomClient(
                    () => Promise.resolve(token),
                    () => Promise.resolve(apiUrl),
                  ).me({ signal }),
              }
            : undefined,
        activations: store && sources && { store, sources },
        handOverHull: (input, onDone) =>
          handOverHullMessages(
            { client: temporalClient, connectorId: hull.connectorId, taskQueue: taskQueues.main },
            input,
            onDone,
          ),
      },
      intercomRateLimitPerMinute: config.intercom.rateLimitPerMinute,
      workflowBundle: options.workflowBundle,
      outcomes,
    });
    outcomes.start();
    const progressLines = new ProgressLines(temporalClient, hull.connectorId, log);
    progressLines.start();
    const statusReports = new StatusReports(
      temporalClient,
      hull.connectorId,
      taskQueues.main,
      { checkEveryMinutes: config.connectionCheckMinutes },
      { outcomes, governor, gate },
      log,
    );
    statusReports.start();
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
    let drainCutShort = false;
    workersRunning = Promise.all(
      workers.map((worker) =>
        worker.run().catch((error: unknown) => {
          if (stopping) {
            drainCutShort = true;
            log.warn({ err: error }, 'workers: the drain was cut short; the unfinished activities will be retried');
            return;
          }
          log.error({ err: error }, 'a Temporal worker stopped unexpectedly');
          options.onWorkerFailure?.(error);
        }),
      ),
    );
    const connection = workerConnection;
    const running = workers;
    stoppers.add({
      name: 'workers',
      budgetMs: ENGINE_STOP_BUDGETS.workersMs,
      waitingFor: () => describeDrain(running),
      run: async () => {
        progressLines.stop();
        for (const worker of running) if (worker.getState() === 'RUNNING') worker.shutdown();
        await workersRunning;
        if (!drainCutShort) log.info('workers drained');
        outcomes.stop();
        await statusReports.stop();
        await connection.close();
      },
    });
    if (config.healthFile !== undefined) {
      const health = new HealthFile(
        config.healthFile,
        async () => running.every((worker) => worker.getState() === 'RUNNING') && isTemporalReachable(temporalClient),
      );
      await health.beat();
      health.start();
      stoppers.add({ name: 'the health file', budgetMs: ENGINE_STOP_BUDGETS.healthFileMs, run: () => health.stop() });
    }
  }

  let apiUrl: string | undefined;
  if (role !== 'worker') {
    // Webhooks must come from the connected workspace: its id_code, configured or read from GET /me.
    const workspace = new WorkspaceIdentity(
      async () => {
        const appId = (await intercom.me()).app?.id_code;
        if (appId === undefined) throw new Error('GET /me names no workspace (app.id_code)');
        log.info({ appId }, `Intercom webhooks are taken from workspace ${appId}`);
        return appId;
      },
      (error) =>
        log.warn({ err: error }, 'could not read the Intercom workspace (GET /me); webhooks get 503 until it answers'),
      config.intercom.appId,
    );
    workspace.start();
    const api = await buildApi({
      temporal: temporalClient,
      taskQueues,
      mode: config.mode,
      log,
      connectorId: hull.connectorId,
      settings,
      intercomClientSecret: config.intercom.clientSecret,
      operatorToken: config.api.token,
      activations: store && { store },
      temporalUi: { url: config.temporal.uiUrl ?? options.temporalUiUrl, namespace: options.temporal.namespace },
      intercomApiUrl: config.intercom.apiUrl,
      oauth: oauth && { ...oauth, connections },
      connectionCheckMinutes: config.connectionCheckMinutes,
      workspace,
      intake: {
        notificationMaxBytes: config.notifications.maxBytes,
        notificationConcurrency: config.notifications.concurrency,
        webhookMaxBytes: config.intercom.webhookMaxBytes,
      },
      notificationAuth: new NotificationAuthenticator({
        connectorId: options.hull.connectorId,
        organization: options.hull.organization,
        secret: () => options.hull.connectorSecret.reveal(),
        trustedKeyOrigins: config.notifications.trustedKeyOrigins,
        trustAnyKeyOrigin: config.notifications.trustAnyKeyOrigin,
        skipSignature: config.notifications.skipSignature,
      }),
    });
    const listening = await listen(api, config.api.host, config.api.port);
    apiUrl = listening.url;
    stoppers.add({
      name: 'the API',
      budgetMs: ENGINE_STOP_BUDGETS.apiMs,
      waitingFor: () => {
        const open = listening.openConnections();
        return `${open} open connection${open === 1 ? '' : 's'} (requests in flight get ${API_REQUEST_GRACE_MS} ms)`;
      },
      run: () => listening.close(API_REQUEST_GRACE_MS),
    });
  }

  return {
    apiUrl,
    settings,
    temporalClient,
    stop: () => {
      stopping = true;
      return stoppers.run();
    },
  };
}
