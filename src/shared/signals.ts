/**
 * Every signal the engine sends, in one place: the API sends them (signal-with-start from webhooks and
 * notifications, re-drives from operators), the per-entity workflows handle them. Definitions only.
 */
import { defineSignal } from '@temporalio/workflow';
import type { EntityNotification } from '../sync/incoming/webhook-notification';
import type { ConnectionsState, WorkerReport } from './connector-status';
import type { PendingAccountUpdate, PendingUserUpdate } from './outgoing';

/** A webhook notification for the Intercom contact or company the receiving workflow owns. */
export const intercomNotificationSignal = defineSignal<[EntityNotification]>('intercomNotification');

/** A Hull user's update (one message of a notification), for that user's workflow. */
export const hullUserUpdateSignal = defineSignal<[PendingUserUpdate]>('hullUserUpdate');

/** A Hull account's update, for that account's workflow. */
export const hullAccountUpdateSignal = defineSignal<[PendingAccountUpdate]>('hullAccountUpdate');

/** Re-drives the entity's kept failures (POST /failures/retry). */
export const retryFailuresSignal = defineSignal('retryFailures');

/** A worker's counts and state for the connector's status workflow (signal-with-start). */
export const workerReportSignal = defineSignal<[WorkerReport]>('workerReport');

/** An operator's connection check (POST /actions/check-connections), for the status workflow. */
export const connectionsCheckedSignal = defineSignal<[ConnectionsState]>('connectionsChecked');
