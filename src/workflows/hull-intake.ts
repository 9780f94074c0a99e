import type { HullIntakeInput } from '../shared/inputs';
import { intakeActivities } from './activity-proxies';

/**
 * One part of a large Hull notification, started by the notification endpoint so it can acknowledge
 * the notification within seconds (the part is durable in this workflow's input): its one activity
 * signals each message to its user's or account's workflow, as the endpoint does for small
 * notifications. A retried activity signals them again, which the entity workflows coalesce.
 */
export async function hullIntakeWorkflow(input: HullIntakeInput): Promise<{ handedOver: number }> {
  const { handOverHullIntake } = intakeActivities();
  return { handedOver: await handOverHullIntake(input) };
}
