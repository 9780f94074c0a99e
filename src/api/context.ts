import type { Client } from '@temporalio/client';
import type { Logger } from '../logger';
import type { TaskQueues } from '../temporal/task-queues';

/** What route handlers need. The API only starts, signals and inspects workflows; workers do the work. */
export interface ApiContext {
  temporal: Client;
  taskQueues: TaskQueues;
  mode: 'sandbox' | 'live';
  log: Logger;
}
