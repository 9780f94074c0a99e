/**
 * Builds the engine's workers: one on the main queue (workflows and Hull-only activities) and one on
 * the Intercom queue, whose activity rate is capped by the Temporal server across all workers.
 */
import type { Context } from '@temporalio/activity';
import { Worker, type NativeConnection, type WorkerOptions, type WorkflowBundleOption } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import type { ActivityOutcomes } from '../activities/activity-outcomes';
import { ErrorMappingInterceptor } from '../activities/error-mapping';
import { HeartbeatInterceptor } from '../activities/heartbeat';
import type { TaskQueues } from '../shared/task-queues';

export interface EngineWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueues: TaskQueues;
  deps: ActivityDeps;
  /** Intercom requests per minute for the app; caps the Intercom queue's activity rate. */
  intercomRateLimitPerMinute: number;
  /** Prebuilt workflow bundle (tests, production); otherwise the workflows are bundled from source. */
  workflowBundle?: WorkflowBundleOption;
  /** Counts activity outcomes for the per-minute summary lines. */
  outcomes?: ActivityOutcomes;
}

export const WORKFLOWS_PATH = require.resolve('../workflows');

/**
 * A stopping worker lets running activities finish their page or write for `graceMs`, then cancels
 * them (Temporal retries them, and every write is idempotent); after `forceMs` it gives up waiting,
 * so a stop is bounded even when an activity ignores its cancellation.
 */
export const WORKER_SHUTDOWN = { graceMs: 2_000, forceMs: 4_000 };

export async function createEngineWorkers(options: EngineWorkerOptions): Promise<Worker[]> {
  const activities = createActivities(options.deps);
  const common: Omit<WorkerOptions, 'taskQueue'> = {
    connection: options.connection,
    namespace: options.namespace,
    activities,
    interceptors: {
      activity: [
        ...(options.outcomes ? [(ctx: Context) => ({ inbound: options.outcomes!.interceptor(ctx) })] : []),
        (ctx) => ({ inbound: new HeartbeatInterceptor(ctx) }),
        () => ({ inbound: new ErrorMappingInterceptor() }),
      ],
    },
    // Heartbeats carry what an activity is doing and waiting for (activities/heartbeat.ts): sent at
    // most this often, so GET /runs/<id> and the Temporal UI are never more than a few seconds behind.
    maxHeartbeatThrottleInterval: '3s',
    shutdownGraceTime: WORKER_SHUTDOWN.graceMs,
    shutdownForceTime: WORKER_SHUTDOWN.forceMs,
  };
  const main = await Worker.create({
    ...common,
    taskQueue: options.taskQueues.main,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
  });
  const intercom = await Worker.create({
    ...common,
    taskQueue: options.taskQueues.intercom,
    // Each activity makes at least one request; the request-level governor does the fine pacing.
    maxTaskQueueActivitiesPerSecond: options.intercomRateLimitPerMinute / 60,
    // A write waits for its tag request to fill (TagBatcher: 100 contacts, or 2 s) while holding its
    // slot: at the full budget (~170 writes a second) about a hundred are in flight at once.
    maxConcurrentActivityTaskExecutions: 200,
  });
  return [main, intercom];
}
