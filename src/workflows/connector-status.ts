import { condition, continueAsNew, setHandler, upsertMemo, upsertSearchAttributes } from '@temporalio/workflow';
import {
  applyWorkerReport,
  emptyConnectorStatus,
  type ConnectionsState,
  type ConnectorStatus,
  type ConnectorStatusInput,
} from '../shared/connector-status';
import { describeFailure } from '../shared/failures';
import { SYNC_KIND } from '../shared/search-attributes';
import { connectionsCheckedSignal, workerReportSignal } from '../shared/signals';
import { hullActivities, intercomActivities } from './activity-proxies';
import { continueAsNewDue } from './run-length';

/** Signals per run before continuing as new: a report every few seconds per worker would grow the history. */
const REPORTS_PER_RUN = 500;

/**
 * The connector's status for the operator page (shared/connector-status.ts): one per connector,
 * started by the first worker report (signal-with-start) and running for good. It folds the workers'
 * reports into hourly write counts, checks both connections every few minutes (and records the
 * operator's own checks), and publishes the result as its memo after every change. Only counts and
 * states pass through it, never a record.
 */
export async function connectorStatusWorkflow(input: ConnectorStatusInput = {}): Promise<void> {
  const { checkIntercomConnection } = intercomActivities({ maximumAttempts: 2 });
  const { checkHullConnection } = hullActivities({ maximumAttempts: 2 });
  let status: ConnectorStatus = input.status ?? emptyConnectorStatus();
  let changes = 0;
  let signalsThisRun = 0;
  setHandler(workerReportSignal, (report) => {
    status = applyWorkerReport(status, report);
    changes += 1;
    signalsThisRun += 1;
  });
  setHandler(connectionsCheckedSignal, (connections) => {
    status = { ...status, connections: { ...status.connections, ...connections } };
    changes += 1;
    signalsThisRun += 1;
  });
  upsertSearchAttributes([{ key: SYNC_KIND, value: 'status' }]);

  // One GET /me and one Hull request per interval (each a cheap, bounded check).
  const everyMs = (input.checkEveryMinutes ?? 0) * 60_000;
  const lastCheck = Math.min(status.connections.intercom?.checkedAt ?? 0, status.connections.hull?.checkedAt ?? 0);
  let nextCheckAt = everyMs > 0 ? lastCheck + everyMs : Infinity;
  for (;;) {
    if (Date.now() >= nextCheckAt) {
      status = { ...status, connections: { ...status.connections, ...(await checkBoth()) } };
      nextCheckAt = Date.now() + everyMs;
    }
    upsertMemo({ status });
    const seen = changes;
    const changed = () => changes !== seen;
    if (Number.isFinite(nextCheckAt)) await condition(changed, Math.max(1, nextCheckAt - Date.now()));
    else await condition(changed);
    if (continueAsNewDue(signalsThisRun, REPORTS_PER_RUN)) {
      // Signals that arrive while continuing are delivered to the next run.
      await continueAsNew<typeof connectorStatusWorkflow>({ status, checkEveryMinutes: input.checkEveryMinutes });
    }
  }

  async function checkBoth(): Promise<ConnectionsState> {
    const [intercom, hull] = await Promise.allSettled([checkIntercomConnection(), checkHullConnection()]);
    const checkedAt = Date.now();
    return {
      intercom:
        intercom.status === 'fulfilled'
          ? {
              ok: true,
              checkedAt,
              details: {
                workspaceId: intercom.value.workspaceId,
                name: intercom.value.name,
                region: intercom.value.region,
              },
            }
          : { ok: false, checkedAt, error: describeFailure(intercom.reason).reason },
      hull:
        hull.status === 'fulfilled'
          ? { ok: true, checkedAt, details: hull.value }
          : { ok: false, checkedAt, error: describeFailure(hull.reason).reason },
    };
  }
}
