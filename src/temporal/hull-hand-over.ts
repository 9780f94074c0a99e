/**
 * Handing Hull's messages to their entity workflows (signal-with-start, one per user or account), and
 * handing a large notification to Temporal first, in parts (one `hullIntakeWorkflow` start per part),
 * so it can be acknowledged within seconds whatever its size: each part's activity then signals its
 * messages' entity workflows. Used by the API (small notifications directly, large ones in parts) and,
 * through the activities' dependencies, by the intake workflow's activity.
 */
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { HullIntakeInput } from '../shared/inputs';
import type { PendingAccountUpdate, PendingUserUpdate } from '../shared/outgoing';
import { hullAccountUpdateSignal, hullUserUpdateSignal } from '../shared/signals';
import { workflowIds } from '../shared/workflow-ids';
import { WORKFLOW_TYPES } from '../shared/workflow-types';
import type { hullAccountSyncWorkflow, hullIntakeWorkflow, hullUserSyncWorkflow } from '../workflows';

export interface HandOverTarget {
  client: Client;
  connectorId: string;
  /** The main task queue, where the entity and intake workflows run. */
  taskQueue: string;
}

/** Signals in flight at once per hand-over. */
const PARALLEL_SIGNALS = 20;
/** Intake parts started at once. */
const PARALLEL_PARTS = 8;
/**
 * A part's messages stay under this many JSON characters: far below Temporal's 2 MiB payload limit,
 * since the part is in the intake workflow's input and again in its activity's.
 */
export const MAX_PART_CHARS = 256 * 1024;
/** And at most this many messages (the activity signals them within its timeout). */
export const MAX_PART_MESSAGES = 250;

async function inBatches<T>(items: readonly T[], size: number, run: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(run));
}

/** Signals each message of `input` to its entity's workflow (starting it if needed); `onDone` after each batch. */
export async function handOverHullMessages(
  target: HandOverTarget,
  input: HullIntakeInput,
  onDone: (handedOver: number) => void = () => undefined,
): Promise<number> {
  const { client, connectorId, taskQueue } = target;
  const base = {
    isExport: input.isExport,
    organisationSegments: input.organisationSegments,
    notificationIds: [input.notificationId],
  };
  const signalUser = (message: PendingUserUpdate['message']) =>
    client.workflow.signalWithStart<typeof hullUserSyncWorkflow, [PendingUserUpdate]>(WORKFLOW_TYPES.hullUserSync, {
      workflowId: workflowIds.hullUser(connectorId, message.user.id),
      taskQueue,
      args: [{ hullUserId: message.user.id, connectorId }],
      signal: hullUserUpdateSignal,
      signalArgs: [{ ...base, message }],
    });
  const signalAccount = (message: PendingAccountUpdate['message']) =>
    client.workflow.signalWithStart<typeof hullAccountSyncWorkflow, [PendingAccountUpdate]>(
      WORKFLOW_TYPES.hullAccountSync,
      {
        workflowId: workflowIds.hullAccount(connectorId, message.account.id),
        taskQueue,
        args: [{ hullAccountId: message.account.id }],
        signal: hullAccountUpdateSignal,
        signalArgs: [{ ...base, message }],
      },
    );
  const messages: ReadonlyArray<() => Promise<unknown>> =
    input.channel === 'user:update'
      ? input.messages.map((message) => () => signalUser(message))
      : input.messages.map((message) => () => signalAccount(message));
  let handedOver = 0;
  for (let i = 0; i < messages.length; i += PARALLEL_SIGNALS) {
    await Promise.all(messages.slice(i, i + PARALLEL_SIGNALS).map((signal) => signal()));
    handedOver = Math.min(messages.length, i + PARALLEL_SIGNALS);
    onDone(handedOver);
  }
  return handedOver;
}

/** Splits a notification's messages into parts under MAX_PART_CHARS and MAX_PART_MESSAGES, in order. */
export function intakeParts(input: HullIntakeInput): HullIntakeInput[] {
  const parts: HullIntakeInput[] = [];
  let current: unknown[] = [];
  let chars = 0;
  const flush = () => {
    if (current.length === 0) return;
    parts.push({ ...input, messages: current } as HullIntakeInput);
    current = [];
    chars = 0;
  };
  for (const message of input.messages as unknown[]) {
    const size = JSON.stringify(message).length;
    if (current.length >= MAX_PART_MESSAGES || (current.length > 0 && chars + size > MAX_PART_CHARS)) flush();
    current.push(message);
    chars += size;
  }
  flush();
  return parts;
}

/**
 * Hands a large notification to Temporal durably: one intake workflow per part, its id from the
 * notification id and the part's number (a redelivery of the same notification starts nothing twice).
 */
export async function startHullIntake(target: HandOverTarget, input: HullIntakeInput): Promise<number> {
  const parts = intakeParts(input);
  await inBatches(
    parts.map((part, index) => ({ part, index })),
    PARALLEL_PARTS,
    async ({ part, index }) => {
      try {
        await target.client.workflow.start<typeof hullIntakeWorkflow>(WORKFLOW_TYPES.hullIntake, {
          workflowId: workflowIds.hullIntake(target.connectorId, input.notificationId, index),
          taskQueue: target.taskQueue,
          args: [part],
        });
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      }
    },
  );
  return parts.length;
}
