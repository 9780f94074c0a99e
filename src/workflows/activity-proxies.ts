/**
 * Activity stubs with their timeouts and retry policies, one proxy per class of work. Intercom calls
 * go to the Intercom task queue (server-side rate cap); a 429 arrives with its own retry delay.
 * This is the retry policy; inside a call, the clients only repeat a momentary failure twice within
 * about a second (src/quick-retry.ts) before it comes here.
 */
import { proxyActivities, workflowInfo, type RetryPolicy } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { taskQueuesFor } from '../shared/task-queues';

const NON_RETRYABLE = ['IntercomAuthError', 'IntercomRequestError', 'HullRequestError', 'InvalidData'];

/** The Intercom queue name is derived from the workflow's own queue. */
const intercomQueue = () => taskQueuesFor(workflowInfo().taskQueue).intercom;

/** Unlimited attempts by default: a sync must eventually write every record. */
const retry = (maximumAttempts?: number): RetryPolicy => ({
  initialInterval: '1s',
  backoffCoefficient: 2,
  maximumInterval: '5 minutes',
  nonRetryableErrorTypes: NON_RETRYABLE,
  maximumAttempts,
});

export function intercomActivities(options: { maximumAttempts?: number } = {}) {
  return proxyActivities<Activities>({
    taskQueue: intercomQueue(),
    startToCloseTimeout: '2 minutes',
    // A worker that dies mid-page is noticed this fast, and the page retried on another worker.
    heartbeatTimeout: '20 seconds',
    retry: retry(options.maximumAttempts),
  });
}

export function hullActivities(options: { maximumAttempts?: number } = {}) {
  return proxyActivities<Activities>({ startToCloseTimeout: '1 minute', retry: retry(options.maximumAttempts) });
}

/** Handing a large notification's part to its entity workflows: Temporal calls only, heartbeating per batch. */
export function intakeActivities() {
  return proxyActivities<Activities>({
    startToCloseTimeout: '5 minutes',
    heartbeatTimeout: '30 seconds',
    retry: retry(),
  });
}
