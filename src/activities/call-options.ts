import { Context } from '@temporalio/activity';
import type { CallOptions } from '../intercom/client';
import type { RequestPriority } from '../intercom/rate-governor';
import { heartbeat, reportStatus } from './heartbeat';

/**
 * How an activity calls Intercom: cancellable with the activity, counted for its progress report,
 * at its priority, and heartbeating while the client waits for a rate window to reset (a wait can
 * outlast the heartbeat timeout when many activities share a tight budget), with the reason for
 * the wait in the heartbeat's details.
 */
export function activityCall(priority: RequestPriority): CallOptions & { meter: { requests: number } } {
  const context = Context.current();
  return {
    signal: context.cancellationSignal,
    meter: { requests: 0 },
    priority,
    heartbeat: () => heartbeat(context),
    onWait: (why) => reportStatus(context, { waiting: why }),
  };
}
