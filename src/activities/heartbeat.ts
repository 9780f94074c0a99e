/**
 * Heartbeats for every activity. A worker process that dies stops heartbeating and Temporal moves
 * the work elsewhere within the heartbeat timeout; a live one heartbeats on a timer, so a long step
 * (a slow page, a Hull flush with retries, a rate-window wait) is never mistaken for a dead worker.
 * Heartbeats carry no progress: a step that must not be redone is its own activity, whose result the
 * workflow's history keeps (see src/workflows/hull-user-sync.ts).
 */
import { Context } from '@temporalio/activity';
import type { ActivityExecuteInput, ActivityInboundCallsInterceptor, Next } from '@temporalio/worker';

/** Heartbeats now. */
export function heartbeat(context: Context = Context.current()): void {
  context.heartbeat();
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
