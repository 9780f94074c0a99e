import type { OperationRunInput } from '../shared/operations';
import { intercomActivities } from './activity-proxies';

/**
 * One operation (POST /operations/<name>) as a durable run: its activity on the Intercom queue, under the
 * shared rate budget. A 4xx fails at once; a 5xx or a dropped connection is retried with backoff (1 s
 * doubling, 10 attempts, about 8 minutes), then the run fails with the last error. The result is one
 * Intercom answer (at most a page of 150 records), so it is the workflow's result.
 */
export async function operationWorkflow(run: OperationRunInput): Promise<unknown> {
  const { runOperation } = intercomActivities({ maximumAttempts: 10 });
  return runOperation(run);
}
