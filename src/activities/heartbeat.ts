/**
 * Heartbeats for every activity. A worker process that dies stops heartbeating and Temporal moves
 * the work elsewhere within the heartbeat timeout; a live one heartbeats on a timer, so a long step
 * (a slow page, a Hull flush with retries, a rate-window wait) is never mistaken for a dead worker.
 * Heartbeats carry no checkpoint: a step that must not be redone is its own activity, whose result
 * the workflow's history keeps (see src/workflows/hull-user-sync.ts). They do carry what the activity
 * is doing and waiting for (`ActivityStatus`), which Temporal keeps as the pending activity's details:
 * the Temporal UI shows it, and GET /runs/<id> and the terminal's progress lines read it, so a slow
 * page shows movement and a wait says what it waits for.
 */
import { Context } from '@temporalio/activity';
import type { ActivityExecuteInput, ActivityInboundCallsInterceptor, Next } from '@temporalio/worker';
import type { ActivityStatus } from '../shared/run-progress';

const statuses = new WeakMap<Context, ActivityStatus>();

/** Heartbeats now, with the activity's status as the details. */
export function heartbeat(context: Context = Context.current()): void {
  context.heartbeat(statuses.get(context));
}

/** Updates what the activity says it is doing (merged into the current status) and heartbeats it at once. */
export function reportStatus(context: Context, status: Partial<ActivityStatus>): void {
  const next = { ...statuses.get(context), ...status };
  for (const key of Object.keys(next) as Array<keyof ActivityStatus>) if (next[key] === undefined) delete next[key];
  statuses.set(context, next);
  heartbeat(context);
}

/** Runs `work` with a heartbeat every `everyMs` (a few per heartbeat timeout). */
export async function withHeartbeats<T>(context: Context, work: () => Promise<T>, everyMs = 5_000): Promise<T> {
  const timer = setInterval(() => heartbeat(context), everyMs);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

/** Registered on every worker: every activity heartbeats on a timer while it runs. */
export class HeartbeatInterceptor implements ActivityInboundCallsInterceptor {
  constructor(private readonly context: Context) {}

  execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    return withHeartbeats(this.context, () => next(input));
  }
}
