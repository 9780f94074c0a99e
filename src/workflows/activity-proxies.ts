/**
 * Activity stubs with their timeouts and retry policies, one proxy per class of work. Intercom calls
 * go to the Intercom task queue (server-side rate cap); a 429 arrives with its own retry delay.
 * This retry policy is the only one: the Intercom and Hull clients never retry a call themselves.
 */
import { proxyActivities, workflowInfo, type RetryPolicy } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { taskQueuesFor } from '../temporal/task-queues';

const NON_RETRYABLE = ['IntercomAuthError', 'IntercomRequestError', 'HullRequestError', 'InvalidData'];

/** The Intercom queue name is derived from the workflow's own queue. */
const intercomQueue = () => taskQueuesFor(workflowInfo().taskQueue).intercom;

/**
 * Unlimited attempts by default: a sync must eventually write every record. The first retries come
 * quickly (most 5xx are momentary, and the clients do not retry), then back off to 5 minutes.
 */
const retry = (maximumAttempts?: number): RetryPolicy => ({
  initialInterval: '200 ms',
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
