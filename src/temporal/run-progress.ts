/**
 * A fetch run's progress as an operator wants it: what the workflow recorded after its last page
 * (the memo), and what its page activity is doing right now, from Temporal's pending-activity record
 * (its state, attempt, last failure and the heartbeat details the activity sends: activities/heartbeat.ts).
 * Read by GET /runs/<id> and the terminal's progress lines; it answers from the server alone.
 */
import type { WorkflowExecutionDescription } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { activityStatusSchema, fetchProgressSchema, type PageActivity, type RunProgress } from '../shared/run-progress';

const { PendingActivityState } = temporal.api.enums.v1;

const STATE_NAMES: Record<number, string> = {
  [PendingActivityState.PENDING_ACTIVITY_STATE_SCHEDULED]: 'SCHEDULED',
  [PendingActivityState.PENDING_ACTIVITY_STATE_STARTED]: 'STARTED',
  [PendingActivityState.PENDING_ACTIVITY_STATE_CANCEL_REQUESTED]: 'CANCEL_REQUESTED',
};

const isoOf = (ts: Parameters<typeof optionalTsToMs>[0]): string | undefined => {
  const ms = optionalTsToMs(ts);
  return ms === undefined || ms === 0 ? undefined : new Date(ms).toISOString();
};

type RawPending = NonNullable<WorkflowExecutionDescription['raw']['pendingActivities']>[number];

function pageActivityOf(pending: RawPending): PageActivity {
  const payload = pending.heartbeatDetails?.payloads?.[0];
  let status = {};
  if (payload) {
    try {
      const parsed = activityStatusSchema.safeParse(defaultPayloadConverter.fromPayload(payload));
      if (parsed.success) status = parsed.data;
    } catch {
      // Details another version wrote: show the record without them.
    }
  }
  return {
    ...status,
    activity: pending.activityType?.name ?? 'unknown',
    state: STATE_NAMES[pending.state ?? 0] ?? 'UNKNOWN',
    attempt: pending.attempt ?? 1,
    lastHeartbeatAt: isoOf(pending.lastHeartbeatTime),
    lastFailure: pending.lastFailure?.message ?? undefined,
    nextAttemptAt: isoOf(pending.nextAttemptScheduleTime),
  };
}

/** What the run waits for now, in words, or undefined when it is simply working. */
export function waitingOf(activity: PageActivity | undefined): string | undefined {
  if (activity === undefined) return undefined;
  if (activity.state === 'SCHEDULED' && activity.attempt > 1) {
    const when = activity.nextAttemptAt === undefined ? '' : ` at ${activity.nextAttemptAt}`;
    return `retrying after an error (attempt ${activity.attempt}${when}): ${activity.lastFailure ?? 'no message'}`;
  }
  if (activity.state === 'SCHEDULED') {
    return 'queued: waiting its turn on the Intercom task queue (its rate cap is shared with live writes) or for a free worker';
  }
  return activity.waiting;
}

/** The progress of a fetch run from its description; undefined for a workflow that records none. */
export function runProgressOf(description: WorkflowExecutionDescription): RunProgress | undefined {
  const recorded = fetchProgressSchema.safeParse(description.memo?.progress);
  if (!recorded.success) return undefined;
  const pending = description.raw.pendingActivities?.[0];
  const activity = pending && !recorded.data.done ? pageActivityOf(pending) : undefined;
  return { ...recorded.data, waiting: waitingOf(activity), activity };
}
