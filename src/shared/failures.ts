/**
 * How a failure reads for an operator, the same in the API (GET /runs, GET /failures) and in the
 * workflows that keep failures. Pure: only Temporal's failure classes.
 */
import { ActivityFailure, ApplicationFailure, ChildWorkflowFailure } from '@temporalio/common';

/** One unit of work that failed without hope of a retry helping, kept until re-driven. */
export interface FailureRecord {
  /** What failed: a notification id, a Hull user id, ... */
  key: string;
  what: string;
  reason: string;
  errorType?: string;
  at: string;
}

/** A kept failure with the work it keeps, so a re-drive can do it again (workflow state only). */
export type KeptFailure<W> = FailureRecord & { work: W };

/** The reason an operator should read, unwrapped from the child workflow / activity failure around it. */
export function describeFailure(error: unknown): { reason: string; errorType?: string } {
  let cause: unknown = error;
  while (cause instanceof ChildWorkflowFailure || cause instanceof ActivityFailure) {
    if (cause.cause === undefined) break;
    cause = cause.cause;
  }
  if (cause instanceof ApplicationFailure) return { reason: cause.message, errorType: cause.type ?? undefined };
  return { reason: cause instanceof Error ? cause.message : String(cause) };
}
