/**
 * How an entity workflow shows operators its failures: the `HullIntercomStatus` search attribute
 * (`failed` lists it in GET /failures and in the UI filter), the memo (the reasons), and the
 * workflow's current-details line.
 */
import { setCurrentDetails, upsertMemo, upsertSearchAttributes } from '@temporalio/workflow';
import type { FailureRecord } from '../shared/failures';
import { SYNC_STATUS } from '../shared/search-attributes';

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
