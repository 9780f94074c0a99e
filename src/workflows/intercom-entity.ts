import {
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import { describeFailure } from '../shared/failures';
import type { IntercomEntityInput } from '../shared/inputs';
import { failuresQuery } from '../shared/queries';
import { SYNC_ENTITY, SYNC_KIND } from '../shared/search-attributes';
import { intercomNotificationSignal, retryFailuresSignal } from '../shared/signals';
import { intercomActivities } from './activity-proxies';
import { publishFailures } from './failure-state';
import { continueAsNewDue } from './run-length';

/** How long an idle entity workflow waits for more notifications before finishing. */
const IDLE = '10 minutes';
const REMEMBERED_IDS = 200;
const NOTIFICATIONS_PER_RUN = 100;

/**
 * Started (or signalled) by the webhook endpoint with signal-with-start, one per Intercom contact or
 * company: it applies that entity's notifications one at a time, in arrival order, so two updates
 * of one contact can never be written to Hull at once; a delivery older than what was already written
 * is re-read from Intercom (deliveries are not ordered). A redelivered notification (same id) is
 * dropped. A notification that fails for good is kept, listed by GET /failures, and re-applied on
 * the `retryFailures` signal.
 */
export async function intercomEntityWorkflow(input: IntercomEntityInput): Promise<{ applied: number }> {
  const { applyIntercomNotification } = intercomActivities();
  const pending = [...(input.pending ?? [])];
  const applied = [...(input.applied ?? [])];
  let failed = [...(input.failed ?? [])];
  let newestUpdatedAt = input.newestUpdatedAt;
  /** The notification being applied right now: a redelivery arriving meanwhile is a duplicate too. */
  let inFlight: string | undefined;
  const known = (id: string) => id === inFlight || applied.includes(id) || pending.some((n) => n.id === id);

  setHandler(intercomNotificationSignal, (notification) => {
    if (!known(notification.id)) pending.push(notification);
  });
  setHandler(retryFailuresSignal, () => {
    pending.push(...failed.map((f) => f.notification));
    failed = [];
  });
  setHandler(failuresQuery, () => failed.map(({ notification: _n, ...record }) => record));
  upsertSearchAttributes([
    { key: SYNC_KIND, value: 'webhook' },
    { key: SYNC_ENTITY, value: input.entity.kind },
  ]);

  let appliedThisRun = 0;
  for (;;) {
    // With failures kept, stay open (re-drivable) instead of finishing when idle.
    const hasWork =
      failed.length > 0
        ? (await condition(() => pending.length > 0), true)
        : await condition(() => pending.length > 0, IDLE);
    if (!hasWork) break;
    const notification = pending.shift()!;
    inFlight = notification.id;
    try {
      const outcome = await applyIntercomNotification(notification, { notOlderThan: newestUpdatedAt });
      if (outcome.updatedAt !== undefined) newestUpdatedAt = Math.max(newestUpdatedAt ?? 0, outcome.updatedAt);
      log.info('notification applied', {
        notification: notification.id,
        topic: notification.topic,
        outcome: outcome.applied,
      });
      applied.push(notification.id);
      if (applied.length > REMEMBERED_IDS) applied.shift();
    } catch (error) {
      const { reason, errorType } = describeFailure(error);
      failed.push({
        key: notification.id,
        what: `${notification.topic} ${notification.id}`,
        reason,
        errorType,
        at: new Date().toISOString(),
        notification,
      });
    } finally {
      inFlight = undefined;
    }
    publishFailures(failed, `Intercom ${input.entity.kind} ${input.entity.id}: last ${notification.topic}`);
    appliedThisRun += 1;
    if (continueAsNewDue(appliedThisRun, NOTIFICATIONS_PER_RUN)) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof intercomEntityWorkflow>({
        entity: input.entity,
        pending,
        applied,
        failed,
        newestUpdatedAt,
      });
    }
  }
  await condition(allHandlersFinished);
  return { applied: appliedThisRun };
}
