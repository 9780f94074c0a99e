/**
 * Heartbeats for every activity. A worker process that dies stops heartbeating and Temporal moves
 * the work elsewhere within the heartbeat timeout; a live one heartbeats on a timer, so a long step
 * (a slow page, a large Hull flush, a rate-window wait) is never mistaken for a dead worker.
 * A checkpoint (e.g. "contact created, id X") rides along with every heartbeat, so a retried attempt
 * can resume from it instead of redoing a non-idempotent step.
 */
import { Context } from '@temporalio/activity';
import type { ActivityExecuteInput, ActivityInboundCallsInterceptor, Next } from '@temporalio/worker';

const checkpoints = new WeakMap<Context, unknown>();

/** Heartbeats now, keeping the activity's checkpoint. */
export function heartbeat(context: Context = Context.current()): void {
  context.heartbeat(checkpoints.get(context));
}

/** Records progress a retry can resume from, and heartbeats it. */
export function checkpoint(details: unknown): void {
  const context = Context.current();
  checkpoints.set(context, details);
  context.heartbeat(details);
}

/** The checkpoint the previous attempt of this activity left, if any. */
export function previousCheckpoint<T>(): T | undefined {
  return Context.current().info.heartbeatDetails as T | undefined;
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
