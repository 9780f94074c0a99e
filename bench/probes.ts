/**
 * Read-only looks at where the engine's work stands, to know when a scenario is finished and what it
 * cost: what the Intercom simulator holds, what the engine wrote back to Hull, and what the per-user
 * workflows did (pending work, last outcome, retried attempts) as Temporal records it.
 */
import type { ContactRecord } from '@hull-intercom-sync/intercom-simulator';
import { workflowIds } from '../src/shared/workflow-ids';
import type { Cohort } from './hull-cohort';
import type { Stack } from './stack';
import { mapInBatches } from './wait';

/** Temporal calls in flight at once when looking at many workflows. */
const PARALLEL_DESCRIBES = 50;

export interface CohortContacts {
  /** The cohort's Intercom contacts by email (the first one seen, should there be several). */
  byEmail: Map<string, ContactRecord>;
  /** Contacts beyond one per cohort email: duplicates the engine created. */
  duplicates: number;
}

export function cohortContacts(stack: Stack, cohort: Cohort): CohortContacts {
  const byEmail = new Map<string, ContactRecord>();
  let duplicates = 0;
  for (const contact of stack.intercom.store.contacts.values()) {
    if (contact.email === null || !cohort.emails.has(contact.email)) continue;
    if (byEmail.has(contact.email)) duplicates += 1;
    else byEmail.set(contact.email, contact);
  }
  return { byEmail, duplicates };
}

/** Hull users the engine has not yet stored an Intercom id on: its last step of a first write. */
export function usersWithoutIntercomId(stack: Stack, userIds: Iterable<string>): string[] {
  const pending: string[] = [];
  for (const id of userIds) {
    const user = stack.hull.findUser({ id });
    if (typeof user?.traits['intercom_user/id'] !== 'string') pending.push(id);
  }
  return pending;
}

const handleOf = (stack: Stack, userId: string) =>
  stack.engine.temporalClient.workflow.getHandle(workflowIds.hullUser(stack.connectorId, userId));

/**
 * The users whose sync workflow still has a workflow task or an activity pending. Once Hull's
 * notification is acknowledged its signal is in history, so a workflow with neither has fully
 * handled the update (the only sign left when the right write is no write at all).
 */
export async function busyUserWorkflows(stack: Stack, userIds: string[]): Promise<string[]> {
  const busy = await mapInBatches(userIds, PARALLEL_DESCRIBES, async (id) => {
    const { raw } = await handleOf(stack, id).describe();
    return (raw.pendingActivities?.length ?? 0) > 0 || raw.pendingWorkflowTask ? id : undefined;
  });
  return busy.filter((id): id is string => id !== undefined);
}

/** How many workflows report each outcome for their last write, as their memo shows it in the Temporal UI. */
export async function lastWriteOutcomes(stack: Stack, userIds: string[]): Promise<Record<string, number>> {
  const outcomes: Record<string, number> = {};
  await mapInBatches(userIds, PARALLEL_DESCRIBES, async (id) => {
    const { memo } = await handleOf(stack, id).describe();
    const lastWrite = memo?.lastWrite as { outcome?: unknown } | undefined;
    const outcome = typeof lastWrite?.outcome === 'string' ? lastWrite.outcome : 'none';
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  });
  return outcomes;
}

export interface RetriedAttempts {
  /** Activity attempts after the first, over all the workflows. */
  retries: number;
  /** Why the previous attempt failed, most frequent first (e.g. "activity Heartbeat timeout"). */
  reasons: Record<string, number>;
}

/**
 * Activity attempts beyond the first, from the workflows' histories: each one repeats requests the
 * failed attempt had already made, so they explain a request count above the ideal.
 */
export async function retriedAttempts(stack: Stack, userIds: string[]): Promise<RetriedAttempts> {
  const reasons = new Map<string, number>();
  let retries = 0;
  await mapInBatches(userIds, PARALLEL_DESCRIBES, async (id) => {
    const history = await handleOf(stack, id).fetchHistory();
    for (const event of history.events ?? []) {
      const started = event.activityTaskStartedEventAttributes;
      if (!started || (started.attempt ?? 1) <= 1) continue;
      retries += 1;
      const reason = started.lastFailure?.message ?? 'unknown';
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
  });
  return { retries, reasons: Object.fromEntries([...reasons].sort((a, b) => b[1] - a[1])) };
}
