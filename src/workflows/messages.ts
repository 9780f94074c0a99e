/**
 * Signals and queries shared by the API (which sends them) and the workflows (which handle them).
 * Sandbox-safe: definitions and types only.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { EntityNotification } from '../sync/incoming/webhook-notification';

/** A webhook notification for the entity the receiving workflow owns. */
export const intercomNotificationSignal = defineSignal<[EntityNotification]>('intercomNotification');

/** Re-drives the entity's failed work (POST /failures/retry). */
export const retryFailuresSignal = defineSignal('retryFailures');

/** One unit of work that failed without hope of a retry helping, kept until re-driven. */
export interface FailureRecord {
  /** What failed: a notification id, a Hull user id, ... */
  key: string;
  what: string;
  reason: string;
  errorType?: string;
  at: string;
}

export const failuresQuery = defineQuery<FailureRecord[]>('failures');
