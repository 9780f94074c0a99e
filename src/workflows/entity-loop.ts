/**
 * The one loop of every per-entity workflow, in both directions: the single writer of one Intercom
 * contact or company (webhooks → Hull) or of one Hull user or account (→ Intercom). Work arrives by
 * signal and waits in `pending`; one unit is done at a time; work that fails for good is kept (listed
 * by GET /failures, re-done on the `retryFailures` signal) and keeps the workflow open; an entity with
 * nothing left to do finishes after the idle time; long-lived entities continue as new with
 * everything they carry. How arriving work joins what is pending is the queue's policy:
 * `inArrivalOrder` (each notification applied in turn, redeliveries dropped) or `coalescing` (a burst
 * of updates becomes one write of the latest state).
 */
import { allHandlersFinished, condition, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import { describeFailure, type FailureCause, type FailureRecord, type KeptFailure } from '../shared/failures';
import type { EntityLoopCarry, EntityLoopLimits } from '../shared/inputs';
import { failuresQuery, failuresWithWorkQuery } from '../shared/queries';
import { SYNC_ENTITY, SYNC_KIND } from '../shared/search-attributes';
import { retryFailuresSignal } from '../shared/signals';
import { publishFailures } from './failure-state';
import { continueAsNewDue } from './run-length';

/** How arriving work and re-driven failures join the pending queue. */
export interface WorkQueue<W> {
  add(pending: W[], work: W): W[];
  /** Puts kept failures' work back into the queue. */
  redrive(pending: W[], failed: W[]): W[];
  /** Whether arriving work takes the kept failures along (their work is then done with it). */
  arrivalRedrives: boolean;
  /** Drops a redelivery: work whose key is pending, in flight or among the last `remember` done. */
  dedupe?: { key: (work: W) => string; remember: number };
}

/** Each unit in turn, in arrival order; a re-driven failure goes to the back; redeliveries are dropped. */
export function inArrivalOrder<W>(key: (work: W) => string, remember: number): WorkQueue<W> {
  return {
    add: (pending, work) => [...pending, work],
    redrive: (pending, failed) => [...pending, ...failed],
    arrivalRedrives: false,
    dedupe: { key, remember },
  };
}

/**
 * At most one pending unit: arriving work is merged into it (the newest state wins, what happened in
 * between is kept), and a kept failure rides along with the next update, so its events and segments
 * left are not lost and a later re-drive can never write its older state over the newer one.
 */
export function coalescing<W>(merge: (older: W, newer: W) => W): WorkQueue<W> {
  const add = (pending: W[], work: W): W[] => [pending[0] === undefined ? work : merge(pending[0], work)];
  return {
    add,
    redrive: (pending, failed) => [...failed, ...pending].reduce<W[]>(add, []),
    arrivalRedrives: true,
  };
}

/** What one unit of work did. */
export interface StepOutcome<S> {
  state: S;
  /** The line shown on the workflow's page (current details). */
  summary: string;
  /** The work went through but a follow-up step failed: kept as a failure, with the new state. */
  failed?: FailureCause;
}

export interface EntityLoop<W, S> {
  carried: EntityLoopCarry<W, S>;
  /** The initial state of an entity nothing was carried for. */
  initialState: S;
  /** Search attributes: `HullIntercomKind` and `HullIntercomEntity`. */
  kind: 'webhook' | 'outgoing';
  entity: string;
  queue: WorkQueue<W>;
  /** Registers the signal that delivers work. */
  onArrival(accept: (work: W) => void): void;
  /** Does one unit of work; a throw keeps it as a failure. */
  process(work: W, state: S): Promise<StepOutcome<S>>;
  /** How the failure of `work` is listed, and the summary line it leaves. */
  failure(work: W, reason: string): { key: string; what: string; summary: string };
  continueAsNew(carry: EntityLoopCarry<W, S>): Promise<never>;
}

const DEFAULT_LIMITS: Required<EntityLoopLimits> = { idle: '10 minutes', stepsPerRun: 100 };

const withoutWork = <W>({ work: _work, ...record }: KeptFailure<W>): FailureRecord => record;

/** Runs until the entity has been idle for the idle time (or continues as new); returns the state and the units done. */
export async function runEntityLoop<W, S>(loop: EntityLoop<W, S>): Promise<{ state: S; steps: number }> {
  const { queue, carried } = loop;
  const limits = { ...DEFAULT_LIMITS, ...carried.limits };
  let pending = [...(carried.pending ?? [])];
  let failed = [...(carried.failed ?? [])];
  const done = [...(carried.done ?? [])];
  let state = carried.state ?? loop.initialState;
  /** The work being done right now: a redelivery arriving meanwhile is a duplicate too. */
  let inFlight: W | undefined;

  const isRedelivery = ({ key }: NonNullable<WorkQueue<W>['dedupe']>, work: W): boolean => {
    const id = key(work);
    return (inFlight !== undefined && key(inFlight) === id) || done.includes(id) || pending.some((p) => key(p) === id);
  };
  const redrive = () => {
    if (failed.length === 0) return;
    pending = queue.redrive(
      pending,
      failed.map((f) => f.work),
    );
    failed = [];
  };
  const keep = (work: W, cause: FailureCause): string => {
    const { summary, ...listed } = loop.failure(work, cause.reason);
    failed.push({ ...listed, ...cause, at: new Date().toISOString(), work });
    return summary;
  };

  upsertSearchAttributes([
    { key: SYNC_KIND, value: loop.kind },
    { key: SYNC_ENTITY, value: loop.entity },
  ]);
  loop.onArrival((work) => {
    if (queue.dedupe !== undefined && isRedelivery(queue.dedupe, work)) return;
    if (queue.arrivalRedrives) redrive();
    pending = queue.add(pending, work);
  });
  setHandler(retryFailuresSignal, redrive);
  setHandler(failuresQuery, () => failed.map(withoutWork));
  setHandler(failuresWithWorkQuery, () => failed);

  let steps = 0;
  for (;;) {
    // With failures kept, stay open (re-drivable) instead of finishing when idle.
    const hasWork =
      failed.length > 0
        ? (await condition(() => pending.length > 0), true)
        : await condition(() => pending.length > 0, limits.idle);
    if (!hasWork) break;
    const [work, ...rest] = pending as [W, ...W[]];
    pending = rest;
    inFlight = work;
    let summary: string;
    try {
      const outcome = await loop.process(work, state);
      state = outcome.state;
      summary = outcome.summary;
      if (outcome.failed !== undefined) summary = keep(work, outcome.failed);
      else if (queue.dedupe !== undefined) {
        done.push(queue.dedupe.key(work));
        done.splice(0, Math.max(0, done.length - queue.dedupe.remember));
      }
    } catch (error) {
      summary = keep(work, describeFailure(error));
    } finally {
      inFlight = undefined;
    }
    publishFailures(failed.map(withoutWork), summary);
    steps += 1;
    if (continueAsNewDue(steps, limits.stepsPerRun)) {
      await condition(allHandlersFinished);
      await loop.continueAsNew({ pending, failed, done, state, limits: carried.limits });
    }
  }
  await condition(allHandlersFinished);
  return { state, steps };
}
