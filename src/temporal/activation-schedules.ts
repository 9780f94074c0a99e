/**
 * One Temporal Schedule per activation that has a `schedule`, kept in line with the definitions: created
 * or updated (spec, and the definition snapshot its runs start with), and deleted when an activation
 * loses its schedule or is deleted. Overlap SKIP: a run still going when the next is due makes that one
 * skip. A schedule an operator paused in the Temporal UI stays paused.
 */
import {
  ScheduleNotFoundError,
  type Client,
  type ScheduleOptionsStartWorkflowAction,
  type ScheduleSpec,
} from '@temporalio/client';
import type { Logger } from '../logger';
import { SCHEDULED_RUN_ID } from '../shared/activations';
import { SYNC_ENTITY, SYNC_KIND } from '../shared/search-attributes';
import { workflowIds } from '../shared/workflow-ids';
import { WORKFLOW_TYPES } from '../shared/workflow-types';
import type { ActivationDefinition } from '../sync/activations/definition';
import type { activationRunWorkflow } from '../workflows';

function specOf(definition: ActivationDefinition): ScheduleSpec | undefined {
  const { schedule } = definition;
  if (schedule === undefined) return undefined;
  return 'cron' in schedule
    ? { cronExpressions: [schedule.cron] }
    : { intervals: [{ every: schedule.every_minutes * 60_000 }] };
}

function action(
  connectorId: string,
  definition: ActivationDefinition,
  taskQueue: string,
): ScheduleOptionsStartWorkflowAction<typeof activationRunWorkflow> {
  return {
    type: 'startWorkflow',
    workflowType: WORKFLOW_TYPES.activationRun,
    args: [{ activation: definition, runId: SCHEDULED_RUN_ID, dryRun: false, retryFailedOnly: false }],
    taskQueue,
    // Temporal appends the scheduled time: `.../run/scheduled-<time>` is each run's id.
    workflowId: workflowIds.activationRun(connectorId, definition.name, SCHEDULED_RUN_ID),
    typedSearchAttributes: [
      { key: SYNC_KIND, value: 'activation' },
      { key: SYNC_ENTITY, value: definition.name },
    ],
  };
}

/** Brings one activation's schedule in line with its definition (undefined: the activation is gone). */
export async function ensureActivationSchedule(
  client: Client,
  connectorId: string,
  taskQueue: string,
  name: string,
  definition: ActivationDefinition | undefined,
  log: Logger,
): Promise<void> {
  const scheduleId = workflowIds.activationSchedule(connectorId, name);
  const handle = client.schedule.getHandle(scheduleId);
  const spec = definition === undefined ? undefined : specOf(definition);
  if (definition === undefined || spec === undefined) {
    try {
      await handle.delete();
      log.info({ schedule: scheduleId }, 'activation schedule removed');
    } catch (error) {
      if (!(error instanceof ScheduleNotFoundError)) throw error;
    }
    return;
  }
  try {
    await handle.update((previous) => ({
      ...previous,
      spec,
      action: action(connectorId, definition, taskQueue),
      policies: { ...previous.policies, overlap: 'SKIP', catchupWindow: '1 minute' },
    }));
  } catch (error) {
    if (!(error instanceof ScheduleNotFoundError)) throw error;
    await client.schedule.create({
      scheduleId,
      spec,
      action: action(connectorId, definition, taskQueue),
      policies: { overlap: 'SKIP', catchupWindow: '1 minute' },
      // The first run starts now, not a whole interval later.
      state: { note: `activation ${name}`, triggerImmediately: true },
    });
  }
  log.info({ schedule: scheduleId, schedule_spec: definition.schedule }, 'activation schedule ready');
}

export async function ensureActivationSchedules(
  client: Client,
  connectorId: string,
  taskQueue: string,
  definitions: ActivationDefinition[],
  log: Logger,
): Promise<void> {
  for (const definition of definitions) {
    await ensureActivationSchedule(client, connectorId, taskQueue, definition.name, definition, log);
  }
}
