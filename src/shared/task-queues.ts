/**
 * Task queues. Activities that call Intercom run on their own queue so the server-side activity
 * rate limit (maxTaskQueueActivitiesPerSecond, enforced by Temporal across every worker) caps the
 * whole deployment's pressure on the one Intercom app, while Hull-only work is never held back by it.
 */
export interface TaskQueues {
  /** Workflows and Hull-only activities. */
  main: string;
  /** Activities that call the Intercom API. */
  intercom: string;
}

export const taskQueuesFor = (base: string): TaskQueues => ({ main: base, intercom: `${base}-intercom` });
