/**
 * The entity loop (entity-loop.ts) for the outgoing direction, shared by the Hull user and account
 * workflows: updates are coalesced while a write is in flight, so a burst becomes one or two writes of
 * the latest state, and each write's outcome is shown on the workflow (memo `lastWrite`, the
 * notification ids `written`, the summary line).
 */
import { setHandler, upsertMemo, type SignalDefinition } from '@temporalio/workflow';
import type { FailureCause } from '../shared/failures';
import type { EntityLoopCarry } from '../shared/inputs';
import { coalescing, runEntityLoop } from './entity-loop';

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
  failed?: FailureCause;
}

export interface OutgoingEntity<U extends { notificationIds: string[] }, S> {
  carried: EntityLoopCarry<U, S>;
  initialState: S;
  entity: 'user' | 'account';
  /** How the entity's failure is listed. */
  describe: { key: string; what: string };
  updateSignal: SignalDefinition<[U]>;
  /** Merges two updates' content; the loop keeps their notification ids. */
  merge(older: U, newer: U): U;
  write(update: U, state: S): Promise<WriteOutcome<S>>;
  continueAsNew(carry: EntityLoopCarry<U, S>): Promise<never>;
}

/** Notification ids shown as written (memo), so operators and tests can tell an update went through. */
const REMEMBERED_NOTIFICATIONS = 50;

export async function runOutgoingEntity<U extends { notificationIds: string[] }, S>(
  entity: OutgoingEntity<U, S>,
): Promise<S> {
  const written: string[] = [];
  const merge = (older: U, newer: U): U => ({
    ...entity.merge(older, newer),
    notificationIds: [...older.notificationIds, ...newer.notificationIds].slice(-REMEMBERED_NOTIFICATIONS),
  });
  const { state } = await runEntityLoop<U, S>({
    carried: entity.carried,
    initialState: entity.initialState,
    kind: 'outgoing',
    entity: entity.entity,
    queue: coalescing(merge),
    onArrival: (accept) => setHandler(entity.updateSignal, accept),
    async process(update, previous) {
      const { state: next, also, failed, ...result } = await entity.write(update, previous);
      const summary = `${result.outcome}${result.reason ? `: ${result.reason}` : ''} (${result.requests} Intercom requests)${also ? `; ${also}` : ''}`;
      written.push(...update.notificationIds);
      written.splice(0, Math.max(0, written.length - REMEMBERED_NOTIFICATIONS));
      upsertMemo({ lastWrite: { ...result, summary, notificationIds: update.notificationIds }, written });
      return { state: next, summary, failed };
    },
    failure: (_update, reason) => ({ ...entity.describe, summary: `last write failed: ${reason}` }),
    continueAsNew: (carry) => entity.continueAsNew(carry),
  });
  return state;
}
