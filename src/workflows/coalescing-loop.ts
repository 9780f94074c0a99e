/**
 * The loop of a per-entity outgoing workflow: updates arriving by signal are coalesced into one
 * pending update, which is written when the previous write finishes, so a burst of updates becomes
 * one or two writes of the latest state, in order, with a single writer per entity. A write that
 * fails for good keeps its update (listed by GET /failures) until re-driven; an idle entity finishes.
 */
import { allHandlersFinished, condition, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Duration } from '@temporalio/common';
import { describeFailure, publishFailures } from './failure-state';
import { failuresQuery, retryFailuresSignal, type FailureRecord } from './messages';

export interface CoalescingState<U, S> {
  pending?: U;
  state: S;
  failed?: FailureRecord & { update: U };
}

export interface CoalescingLoop<U, S> {
  initial: CoalescingState<U, S>;
  /** Registers the update signal; `accept` merges an arriving update into the pending one. */
  onUpdate(accept: (update: U) => void): void;
  merge(older: U, newer: U): U;
  /** Writes one (coalesced) update; returns the new state and a one-line summary. */
  write(update: U, state: S): Promise<{ state: S; summary: string }>;
  describe: { key: string; what: string };
  continueAsNew(next: CoalescingState<U, S>): Promise<never>;
  idle?: Duration;
}

const WRITES_PER_RUN = 100;

export async function runCoalescingLoop<U, S>(loop: CoalescingLoop<U, S>): Promise<S> {
  let { pending, state, failed } = loop.initial;
  loop.onUpdate((update) => {
    pending = pending === undefined ? update : loop.merge(pending, update);
  });
  setHandler(retryFailuresSignal, () => {
    if (failed === undefined) return;
    pending = pending === undefined ? failed.update : loop.merge(failed.update, pending);
    failed = undefined;
  });
  setHandler(failuresQuery, () => (failed === undefined ? [] : [{ ...failed, update: undefined }]));

  let writes = 0;
  let summary = 'waiting for updates';
  for (;;) {
    const hasWork =
      failed !== undefined
        ? (await condition(() => pending !== undefined), true)
        : await condition(() => pending !== undefined, loop.idle ?? '10 minutes');
    if (!hasWork) break;
    const update = pending!;
    pending = undefined;
    try {
      const result = await loop.write(update, state);
      state = result.state;
      summary = result.summary;
    } catch (error) {
      const { reason, errorType } = describeFailure(error);
      failed = { ...loop.describe, reason, errorType, at: new Date().toISOString(), update };
      summary = `last write failed: ${reason}`;
    }
    publishFailures(failed === undefined ? [] : [failed], summary);
    writes += 1;
    if (workflowInfo().continueAsNewSuggested || writes >= WRITES_PER_RUN) {
      await condition(allHandlersFinished);
      await loop.continueAsNew({ pending, state, failed });
    }
  }
  await condition(allHandlersFinished);
  return state;
}
