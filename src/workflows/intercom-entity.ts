import { continueAsNew, log, setHandler } from '@temporalio/workflow';
import type { IntercomEntityInput, IntercomEntityState } from '../shared/inputs';
import { intercomNotificationSignal } from '../shared/signals';
import type { EntityNotification } from '../sync/incoming/webhook-notification';
import { intercomActivities } from './activity-proxies';
import { inArrivalOrder, runEntityLoop } from './entity-loop';

/** Notification ids remembered to drop Intercom's redeliveries. */
const REMEMBERED_IDS = 200;

/**
 * Started (or signalled) by the webhook endpoint with signal-with-start, one per Intercom contact or
 * company: it applies that entity's notifications one at a time, in arrival order, so two updates
 * of one contact can never be written to Hull at once; a delivery older than what was already written
 * is re-read from Intercom (deliveries are not ordered). A redelivered notification (same id) is
 * dropped. A notification that fails for good is kept, listed by GET /failures, and re-applied on
 * the `retryFailures` signal (see entity-loop.ts).
 */
export async function intercomEntityWorkflow(input: IntercomEntityInput): Promise<{ applied: number }> {
  const { applyIntercomNotification } = intercomActivities();
  const { entity } = input;
  const summary = (notification: EntityNotification) =>
    `Intercom ${entity.kind} ${entity.id}: last ${notification.topic}`;
  const { steps } = await runEntityLoop<EntityNotification, IntercomEntityState>({
    carried: input,
    initialState: {},
    kind: 'webhook',
    entity: entity.kind,
    queue: inArrivalOrder((notification) => notification.id, REMEMBERED_IDS),
    onArrival: (accept) => setHandler(intercomNotificationSignal, accept),
    async process(notification, state) {
      const outcome = await applyIntercomNotification(notification, { notOlderThan: state.newestUpdatedAt });
      // Per record, so debug: the worker's per-minute summary counts them at info (activity-outcomes.ts).
      log.debug('notification applied', {
        notification: notification.id,
        topic: notification.topic,
        outcome: outcome.applied,
      });
      const newestUpdatedAt =
        outcome.updatedAt === undefined
          ? state.newestUpdatedAt
          : Math.max(state.newestUpdatedAt ?? 0, outcome.updatedAt);
      return { state: { newestUpdatedAt }, summary: summary(notification) };
    },
    failure: (notification) => ({
      key: notification.id,
      what: `${notification.topic} ${notification.id}`,
      summary: summary(notification),
    }),
    continueAsNew: (carry) => continueAsNew<typeof intercomEntityWorkflow>({ entity, ...carry }),
  });
  return { applied: steps };
}
