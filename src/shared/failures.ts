/**
 * How a failure reads for an operator, the same in the API (GET /runs, GET /failures) and in the
 * workflows that keep failures. Pure: only Temporal's failure classes.
 */
import { ActivityFailure, ApplicationFailure, ChildWorkflowFailure } from '@temporalio/common';

/** Why something failed: the reason an operator reads, and what the refused request said, when one did. */
export interface FailureCause {
  reason: string;
  /** The failure's type, e.g. `IntercomRequestError`, `HullError`, `InvalidData`. */
  errorType?: string;
  /** The HTTP status of the request Intercom or Hull refused. */
  status?: number;
  /** Intercom's error code, e.g. `not_found`, `parameter_invalid`. */
  code?: string;
}

/** One unit of work that failed without hope of a retry helping, kept until re-driven. */
export interface FailureRecord extends FailureCause {
  /** What failed: a notification id, a Hull user id, ... */
  key: string;
  what: string;
  /** When the work failed (its latest attempt). */
  at: string;
}

/** A kept failure with the work it keeps, so a re-drive can do it again (workflow state only). */
export type KeptFailure<W> = FailureRecord & { work: W };

/** The status and code of the refused request, from the details the activities' error mapping attaches. */
function requestOutcome(details: unknown[] | undefined | null): Pick<FailureCause, 'status' | 'code'> {
  const first = details?.[0] as { status?: unknown; code?: unknown } | null | undefined;
  return {
    ...(typeof first?.status === 'number' ? { status: first.status } : {}),
    ...(typeof first?.code === 'string' ? { code: first.code } : {}),
  };
}

/** The reason an operator should read, unwrapped from the child workflow / activity failure around it. */
export function describeFailure(error: unknown): FailureCause {
  let cause: unknown = error;
  while (cause instanceof ChildWorkflowFailure || cause instanceof ActivityFailure) {
    if (cause.cause === undefined) break;
    cause = cause.cause;
  }
  if (cause instanceof ApplicationFailure) {
    return { reason: cause.message, errorType: cause.type ?? undefined, ...requestOutcome(cause.details) };
  }
  return { reason: cause instanceof Error ? cause.message : String(cause) };
}
