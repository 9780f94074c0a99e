/**
 * The loop of a per-entity outgoing workflow: updates arriving by signal are coalesced into one
 * pending update, which is written when the previous write finishes, so a burst of updates becomes
 * one or two writes of the latest state, in order, with a single writer per entity. A write that
 * fails for good keeps its update (listed by GET /failures) until re-driven; an idle entity finishes.
 */
import { allHandlersFinished, condition, setHandler, upsertMemo, upsertSearchAttributes } from '@temporalio/workflow';
import { describeFailure } from '../shared/failures';
import type { CoalescingState } from '../shared/inputs';
import { failuresQuery } from '../shared/queries';
import { SYNC_ENTITY, SYNC_KIND } from '../shared/search-attributes';
import { retryFailuresSignal } from '../shared/signals';
import { publishFailures } from './failure-state';
import { continueAsNewDue } from './run-length';

/** What one write did: the memo shows it as `lastWrite`, the summary line on the workflow's page. */
export interface WriteOutcome<S> {
  state: S;
  outcome: string;
  reason?: string;
  requests: number;
  notes: string[];
  /** Appended to the summary (e.g. a lead merged by a child workflow). */
  also?: string;
  /** The write went through but a follow-up step failed: the update is kept as a failure, the state kept too. */
  failed?: string;
}

export interface CoalescingLoop<U extends { notificationIds: string[] }, S> {
  initial: CoalescingState<U, S>;
  entity: 'user' | 'account';
  /** Registers the update signal; `accept` merges an arriving update into the pending one. */
  onUpdate(accept: (update: U) => void): void;
  /** Merges two updates' content; the loop keeps their notification ids. */
  merge(older: U, newer: U): U;
  write(update: U, state: S): Promise<WriteOutcome<S>>;
  describe: { key: string; what: string };
  continueAsNew(next: CoalescingState<U, S>): Promise<never>;
}

/** Notification ids shown as written (memo), so operators and tests can tell an update went through. */
const REMEMBERED_NOTIFICATIONS = 50;

const WRITES_PER_RUN = 100;

/** How long an idle entity workflow waits for more updates before finishing. */
const IDLE = '10 minutes';

export async function runCoalescingLoop<U extends { notificationIds: string[] }, S>(
  loop: CoalescingLoop<U, S>,
): Promise<S> {
  let { pending, state, failed } = loop.initial;
  const merge = (older: U, newer: U): U => ({
    ...loop.merge(older, newer),
    notificationIds: [...older.notificationIds, ...newer.notificationIds].slice(-REMEMBERED_NOTIFICATIONS),
  });
  const written: string[] = [];
  upsertSearchAttributes([
    { key: SYNC_KIND, value: 'outgoing' },
    { key: SYNC_ENTITY, value: loop.entity },
  ]);
  /** Puts a kept failure's update back in front of whatever is pending. */
  const requeueFailed = () => {
    if (failed === undefined) return;
    pending = pending === undefined ? failed.update : merge(failed.update, pending);
    failed = undefined;
  };
  loop.onUpdate((update) => {
    // A kept failure rides along with the next update: its events and segments left are not lost,
    // and a later re-drive can never write its older state over this newer one.
    requeueFailed();
    pending = pending === undefined ? update : merge(pending, update);
  });
  setHandler(retryFailuresSignal, requeueFailed);
  setHandler(failuresQuery, () => (failed === undefined ? [] : [{ ...failed, update: undefined }]));

  let writes = 0;
  let summary = 'waiting for updates';
  for (;;) {
    const hasWork =
      failed !== undefined
        ? (await condition(() => pending !== undefined), true)
        : await condition(() => pending !== undefined, IDLE);
    if (!hasWork) break;
    const update = pending!;
    pending = undefined;
    const fail = (reason: string, errorType?: string) => {
      failed = { ...loop.describe, reason, errorType, at: new Date().toISOString(), update };
      summary = `last write failed: ${reason}`;
    };
    try {
      const { state: next, also, failed: partly, ...result } = await loop.write(update, state);
      state = next;
      summary = `${result.outcome}${result.reason ? `: ${result.reason}` : ''} (${result.requests} Intercom requests)${also ? `; ${also}` : ''}`;
      written.push(...update.notificationIds);
      written.splice(0, Math.max(0, written.length - REMEMBERED_NOTIFICATIONS));
      upsertMemo({ lastWrite: { ...result, summary, notificationIds: update.notificationIds }, written });
      if (partly !== undefined) fail(partly);
    } catch (error) {
      const { reason, errorType } = describeFailure(error);
      fail(reason, errorType);
    }
    publishFailures(failed === undefined ? [] : [failed], summary);
    writes += 1;
    if (continueAsNewDue(writes, WRITES_PER_RUN)) {
      await condition(allHandlersFinished);
      await loop.continueAsNew({ pending, state, failed });
    }
  }
  await condition(allHandlersFinished);
  return state;
}
