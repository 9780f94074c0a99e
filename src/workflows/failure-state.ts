/**
 * How an entity workflow shows operators its failures: the `HullIntercomStatus` search attribute
 * (`failed` lists it in GET /failures and in the UI filter), the memo (the reasons), and the
 * workflow's current-details line.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  setCurrentDetails,
  upsertMemo,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import { SYNC_STATUS } from '../temporal/search-attributes';
import type { FailureRecord } from './messages';

export function describeFailure(error: unknown): { reason: string; errorType?: string; permanent: boolean } {
  if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure) {
    return {
      reason: error.cause.message,
      errorType: error.cause.type ?? undefined,
      permanent: error.cause.nonRetryable === true,
    };
  }
  if (error instanceof ActivityFailure) {
    return { reason: error.cause?.message ?? error.message, permanent: true };
  }
  return { reason: error instanceof Error ? error.message : String(error), permanent: false };
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
