/**
 * One Temporal Schedule per entity for the incremental fetch, created or updated from the connector
 * settings at startup and whenever the settings change. Overlap policy SKIP: a run still going when
 * the next one is due makes that one skip, so runs never pile up. A switched-off fetch (`fetch_users`
 * false) pauses its schedule with a note saying why; a schedule an operator paused in the UI is
 * left paused.
 */
import { ScheduleNotFoundError, type Client, type ScheduleOptionsStartWorkflowAction } from '@temporalio/client';
import { FETCH_SETTINGS, type ConnectorSettings } from '../config/connector-settings';
import type { Logger } from '../logger';
import { FETCH_ENTITIES, type FetchEntity } from '../shared/fetch';
import { SYNC_ENTITY, SYNC_KIND } from '../shared/search-attributes';
import { workflowIds } from '../shared/workflow-ids';
import { WORKFLOW_TYPES } from '../shared/workflow-types';
import type { incrementalFetchWorkflow } from '../workflows';

/** The note that marks a pause as ours (a setting), not an operator's. */
const pausedBySettingNote = (setting: string) => `paused by the engine: ${setting} is off in the connector settings`;

function action(
  connectorId: string,
  entity: FetchEntity,
  taskQueue: string,
): ScheduleOptionsStartWorkflowAction<typeof incrementalFetchWorkflow> {
  return {
    type: 'startWorkflow',
    workflowType: WORKFLOW_TYPES.incrementalFetch,
    args: [{ entity }],
    taskQueue,
    workflowId: workflowIds.incrementalRun(connectorId, entity),
    typedSearchAttributes: [
      { key: SYNC_KIND, value: 'incremental-fetch' },
      { key: SYNC_ENTITY, value: entity },
    ],
  };
}

export async function ensureIncrementalSchedules(
  client: Client,
  connectorId: string,
  taskQueue: string,
  settings: ConnectorSettings,
  log: Logger,
): Promise<void> {
  for (const [index, entity] of FETCH_ENTITIES.entries()) {
    const { enabled, interval } = FETCH_SETTINGS[entity];
    const every = settings[interval] * 60_000;
    // Spread the three fetches over the interval so they do not all draw on the rate budget at once.
    const spec = { intervals: [{ every, offset: Math.floor((every * index) / FETCH_ENTITIES.length) }] };
    const ourPauseNote = pausedBySettingNote(enabled);
    const handle = client.schedule.getHandle(workflowIds.incrementalSchedule(connectorId, entity));
    try {
      await handle.update((previous) => {
        const pausedByOperator = previous.state.paused && previous.state.note !== ourPauseNote;
        const paused = pausedByOperator || !settings[enabled];
        return {
          ...previous,
          spec,
          action: action(connectorId, entity, taskQueue),
          policies: { ...previous.policies, overlap: 'SKIP', catchupWindow: '1 minute' },
          state: { paused, note: pausedByOperator ? previous.state.note : paused ? ourPauseNote : 'running' },
        };
      });
    } catch (error) {
      if (!(error instanceof ScheduleNotFoundError)) throw error;
      await client.schedule.create({
        scheduleId: workflowIds.incrementalSchedule(connectorId, entity),
        spec,
        action: action(connectorId, entity, taskQueue),
        policies: { overlap: 'SKIP', catchupWindow: '1 minute' },
        state: settings[enabled] ? { note: 'running' } : { paused: true, note: ourPauseNote },
      });
    }
    log.info(
      {
        schedule: workflowIds.incrementalSchedule(connectorId, entity),
        everyMinutes: settings[interval],
        enabled: settings[enabled],
      },
      'incremental fetch schedule ready',
    );
  }
}
