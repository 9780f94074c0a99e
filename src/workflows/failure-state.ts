/**
 * How an entity workflow shows operators its failures: the `HullIntercomStatus` search attribute
 * (`failed` lists it in GET /failures and in the UI filter), the memo (the reasons), and the
 * workflow's current-details line.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  ChildWorkflowFailure,
  setCurrentDetails,
  upsertMemo,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import { SYNC_STATUS } from '../temporal/search-attributes';
import type { FailureRecord } from './messages';

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

export function publishFailures(failures: FailureRecord[], summary: string): void {
  upsertSearchAttributes([{ key: SYNC_STATUS, value: failures.length > 0 ? 'failed' : 'ok' }]);
  upsertMemo({ failures: failures.slice(-20) });
  setCurrentDetails(
    failures.length === 0
      ? summary
      : `${summary}\n\n**${failures.length} failed** (re-drive with POST /failures/retry):\n` +
          failures
            .slice(-10)
            .map((f) => `- ${f.what}: ${f.reason}`)
            .join('\n'),
  );
}
