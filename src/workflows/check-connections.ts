import { describeFailure } from '../shared/failures';
import type { ConnectionReport } from '../shared/inputs';
import { hullActivities, intercomActivities } from './activity-proxies';

const reason = (error: unknown) => describeFailure(error).reason;

/**
 * Started by operators (POST /actions/check-connections) and at startup: checks that the engine can
 * reach both Intercom and Hull with its credentials. Bounded retries: a wrong token should answer
 * quickly with the reason, not retry for hours.
 */
export async function checkConnectionsWorkflow(): Promise<ConnectionReport> {
  const { checkIntercomConnection } = intercomActivities({ maximumAttempts: 3 });
  const { checkHullConnection } = hullActivities({ maximumAttempts: 3 });
  const [intercom, hull] = await Promise.allSettled([checkIntercomConnection(), checkHullConnection()]);
  return {
    intercom:
      intercom.status === 'fulfilled'
        ? {
            ok: true,
            workspaceId: intercom.value.workspaceId,
            name: intercom.value.name,
            region: intercom.value.region,
          }
        : { ok: false, error: reason(intercom.reason) },
    hull:
      hull.status === 'fulfilled'
        ? { ok: true, connectorId: hull.value.connectorId, name: hull.value.name }
        : { ok: false, error: reason(hull.reason) },
  };
}
