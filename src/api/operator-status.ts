/**
 * What GET /operator/status answers (and the operator page shows), read from Temporal alone so it
 * answers with no worker up: the connector status workflow's memo (connections, rate reports, writes
 * per hour: shared/connector-status.ts) and the visibility list of fetch and activation runs.
 */
import { WorkflowNotFoundError, type WorkflowExecutionInfo } from '@temporalio/client';
import type { ActivationProgress } from '../shared/activations';
import {
  emptyConnectorStatus,
  type ConnectionsState,
  type ConnectorStatus,
  type WriteCounts,
} from '../shared/connector-status';
import { connectionsCheckedSignal } from '../shared/signals';
import { WORKFLOW_TYPES } from '../shared/workflow-types';
import type { connectorStatusWorkflow } from '../workflows';
import { describeCounts, runName } from '../shared/progress-text';
import { fetchProgressSchema } from '../shared/run-progress';
import { SYNC_KIND, SYNC_STATUS } from '../shared/search-attributes';
import { workflowIds } from '../shared/workflow-ids';
import { runProgressOf } from '../temporal/run-progress';
import type { ApiContext } from './context';
import type { OperatorStatus, RunSummary } from './schemas/operator';

const RUN_KINDS = ['fetch-all', 'incremental-fetch', 'activation'] as const;
type RunKind = (typeof RUN_KINDS)[number];

/** Reports older than this no longer count towards the budget in use. */
const RATE_REPORT_FRESH_MS = 60_000;
/** Running runs listed per kind. */
const RUNNING_PER_KIND = 5;

/** The Temporal UI's list of workflows matching a query, or its workflow page. */
export function temporalUiLinks(ctx: ApiContext) {
  const base = ctx.temporalUi?.url?.replace(/\/+$/, '');
  const namespace = encodeURIComponent(ctx.temporalUi?.namespace ?? 'default');
  return {
    list: (query: string) =>
      base === undefined ? undefined : `${base}/namespaces/${namespace}/workflows?query=${encodeURIComponent(query)}`,
    workflow: (workflowId: string, runId: string) =>
      base === undefined
        ? undefined
        : `${base}/namespaces/${namespace}/workflows/${encodeURIComponent(workflowId)}/${encodeURIComponent(runId)}`,
  };
}

/** The queries of the page's Temporal UI links: each kind of run, this connector's only. */
function linkQueries(ctx: ApiContext): Array<{ label: string; query: string }> {
  const mine = `WorkflowId STARTS_WITH "${workflowIds.connectorPrefix(ctx.connectorId)}"`;
  const kind = (value: string) => `${SYNC_KIND.name} = "${value}" AND ${mine}`;
  return [
    { label: 'Fetch-all runs', query: kind('fetch-all') },
    { label: 'Incremental fetches', query: kind('incremental-fetch') },
    { label: 'Activation runs', query: kind('activation') },
    { label: 'Hull users and accounts → Intercom', query: kind('outgoing') },
    { label: 'Intercom webhooks → Hull', query: kind('webhook') },
    { label: 'Everything with a kept failure', query: `${SYNC_STATUS.name} = "failed" AND ${mine}` },
  ];
}

const COLUMNS: Record<string, 'created' | 'updated' | 'unchanged' | 'skipped' | 'failed'> = {
  created: 'created',
  updated: 'updated',
  unchanged: 'unchanged',
  skipped: 'skipped',
  'failed attempts': 'failed',
};

function hourRow(hour: number, writes: WriteCounts) {
  const row = { created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0, other: 0 };
  for (const outcomes of Object.values(writes)) {
    for (const [outcome, count] of Object.entries(outcomes)) row[COLUMNS[outcome] ?? 'other'] += count;
  }
  return { hour: new Date(hour).toISOString(), ...row, byWhat: writes };
}

async function readStatus(ctx: ApiContext): Promise<ConnectorStatus> {
  try {
    const description = await ctx.temporal.workflow.getHandle(workflowIds.connectorStatus(ctx.connectorId)).describe();
    return (description.memo?.status as ConnectorStatus | undefined) ?? emptyConnectorStatus();
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return emptyConnectorStatus();
    throw error;
  }
}

async function connectionsOf(
  ctx: ApiContext,
  status: ConnectorStatus,
  now: number,
): Promise<OperatorStatus['connections']> {
  const connected = await ctx.oauth?.connections?.current();
  const { intercom, hull } = status.connections;
  const paused = Object.values(status.workers)
    .map((worker) => worker.outgoingPaused)
    .find((pause) => pause !== undefined && pause.until > now);
  const connect = ctx.oauth === undefined ? undefined : '/auth/intercom';
  const reconnect =
    (connect === undefined
      ? 'Give the engine a working token (INTERCOM_ACCESS_TOKEN, or the connector’s access_token setting)'
      : 'Connect Intercom again (the link above)') +
    ' and use “Check connections”: outgoing sync resumes by itself at the end of the pause.';
  const refusedReason = intercom?.ok === false && /\b40[13]\b/.test(intercom.error ?? '') ? intercom.error : undefined;
  const intercomState =
    paused || refusedReason ? 'refused' : intercom === undefined ? 'unchecked' : intercom.ok ? 'ok' : 'failing';
  return {
    intercom: {
      state: intercomState,
      workspaceId: intercom?.details?.workspaceId,
      workspaceName: intercom?.details?.name,
      region: intercom?.details?.region,
      apiUrl: connected?.apiUrl ?? ctx.intercomApiUrl ?? 'https://api.intercom.io',
      checkedAt: intercom === undefined ? undefined : new Date(intercom.checkedAt).toISOString(),
      reason: paused?.reason ?? intercom?.error,
      outgoingPaused: paused && { reason: paused.reason, until: new Date(paused.until).toISOString() },
      reconnect: intercomState === 'refused' ? reconnect : undefined,
      connect,
      connectedAt: connected?.connectedAt,
    },
    hull: {
      state:
        hull === undefined ? 'unchecked' : hull.ok ? 'ok' : /\b40[13]\b/.test(hull.error ?? '') ? 'refused' : 'failing',
      connectorId: ctx.connectorId,
      connectorName: hull?.details?.name,
      checkedAt: hull === undefined ? undefined : new Date(hull.checkedAt).toISOString(),
      reason: hull?.error,
    },
  };
}

function rateOf(status: ConnectorStatus, now: number): OperatorStatus['rate'] {
  const workers = Object.values(status.workers);
  const fresh = workers.filter((worker) => now - worker.at < RATE_REPORT_FRESH_MS);
  const latest = workers.reduce<(typeof workers)[number] | undefined>(
    (newest, worker) => (newest === undefined || worker.at > newest.at ? worker : newest),
    undefined,
  );
  const requestsPerMinute = Math.round(fresh.reduce((sum, worker) => sum + (worker.requests * 60) / worker.seconds, 0));
  const limitPerMinute = latest?.limitPerMinute ?? 0;
  const window = latest?.window !== undefined && latest.window.resetAt > now ? latest.window : undefined;
  return {
    limitPerMinute,
    requestsPerMinute,
    share: limitPerMinute > 0 ? Math.min(1, requestsPerMinute / limitPerMinute) : 0,
    window: window && {
      limit: window.limit,
      remaining: window.remaining,
      resetAt: new Date(window.resetAt).toISOString(),
    },
    workers: fresh.length,
    reportedAt: latest === undefined ? undefined : new Date(latest.at).toISOString(),
  };
}

const percentOf = (read: number, total: number | undefined) =>
  total === undefined || total === 0 ? undefined : Math.min(100, Math.round((read / total) * 100));

function summaryOf(kind: RunKind, execution: WorkflowExecutionInfo): Omit<RunSummary, 'temporalUrl' | 'waiting'> {
  const base = {
    kind,
    workflowId: execution.workflowId,
    runId: execution.runId,
    status: execution.status.name,
    startTime: execution.startTime.toISOString(),
    closeTime: execution.closeTime?.toISOString(),
  };
  if (kind === 'activation') {
    const progress = execution.memo?.progress as ActivationProgress | undefined;
    if (progress === undefined) return { ...base, name: 'activation', summary: 'no progress recorded yet' };
    const of = progress.total === undefined ? '' : ` of ${progress.total}`;
    const outcome = progress.dryRun ? `${progress.planned} would be written` : `${progress.written} written`;
    return {
      ...base,
      name: `activation ${progress.activation}${progress.dryRun ? ' (dry run)' : ''}`,
      summary: `${progress.read}${of} rows read, ${outcome}, ${progress.unchanged} unchanged, ${progress.skipped} skipped, ${progress.rowsFailed} failed`,
      percent: percentOf(progress.read, progress.total),
      failure: progress.failed,
    };
  }
  const parsed = fetchProgressSchema.safeParse(execution.memo?.progress);
  if (!parsed.success) return { ...base, name: kind, summary: 'no progress recorded yet' };
  const progress = parsed.data;
  return {
    ...base,
    name: runName(progress),
    summary: describeCounts(progress),
    percent: percentOf(progress.fetched, progress.total),
    failure: progress.failed,
  };
}

async function runsOf(ctx: ApiContext): Promise<RunSummary[]> {
  const links = temporalUiLinks(ctx);
  const found: RunSummary[] = [];
  for (const kind of RUN_KINDS) {
    const running: WorkflowExecutionInfo[] = [];
    let last: WorkflowExecutionInfo | undefined;
    const base = `${SYNC_KIND.name} = "${kind}"`;
    for await (const execution of ctx.temporal.workflow.list({
      query: `${base} AND ExecutionStatus = "Running"`,
      pageSize: 20,
    })) {
      if (!workflowIds.ownedBy(ctx.connectorId, execution.workflowId)) continue;
      running.push(execution);
      if (running.length >= RUNNING_PER_KIND) break;
    }
    for await (const execution of ctx.temporal.workflow.list({
      query: `${base} AND ExecutionStatus != "Running"`,
      pageSize: 20,
    })) {
      if (!workflowIds.ownedBy(ctx.connectorId, execution.workflowId)) continue;
      if (last === undefined || (execution.closeTime?.getTime() ?? 0) > (last.closeTime?.getTime() ?? 0))
        last = execution;
    }
    for (const execution of [...running, ...(last === undefined ? [] : [last])]) {
      const summary = summaryOf(kind, execution);
      let waiting: string | undefined;
      if (execution.status.name === 'RUNNING' && kind !== 'activation') {
        const description = await ctx.temporal.workflow.getHandle(execution.workflowId, execution.runId).describe();
        waiting = runProgressOf(description)?.waiting;
      }
      found.push({ ...summary, waiting, temporalUrl: links.workflow(execution.workflowId, execution.runId) });
    }
  }
  return found;
}

export async function operatorStatus(ctx: ApiContext): Promise<OperatorStatus> {
  const now = Date.now();
  const [status, runs] = await Promise.all([readStatus(ctx), runsOf(ctx)]);
  const links = temporalUiLinks(ctx);
  return {
    generatedAt: new Date(now).toISOString(),
    mode: ctx.mode,
    connections: await connectionsOf(ctx, status, now),
    rate: rateOf(status, now),
    runs,
    writesByHour: [...status.hours].reverse().map(({ hour, writes }) => hourRow(hour, writes)),
    temporal: {
      uiUrl: ctx.temporalUi?.url,
      namespace: ctx.temporalUi?.namespace ?? 'default',
      links: linkQueries(ctx).map((link) => ({ ...link, url: links.list(link.query) })),
    },
  };
}

/** Records connection states on the status workflow (starting it if need be), so the page shows them at once. */
export async function signalConnections(ctx: ApiContext, connections: ConnectionsState): Promise<void> {
  await ctx.temporal.workflow.signalWithStart<typeof connectorStatusWorkflow, [ConnectionsState]>(
    WORKFLOW_TYPES.connectorStatus,
    {
      workflowId: workflowIds.connectorStatus(ctx.connectorId),
      taskQueue: ctx.taskQueues.main,
      args: [{ checkEveryMinutes: ctx.connectionCheckMinutes }],
      signal: connectionsCheckedSignal,
      signalArgs: [connections],
      typedSearchAttributes: [{ key: SYNC_KIND, value: 'status' }],
    },
  );
}
