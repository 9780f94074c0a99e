/**
 * All activities, built from their dependencies. Workflows import only the *type* of this factory's
 * result (`Activities`), never the module's values, so no Node code leaks into the workflow sandbox.
 */
import { CompanyUpserts } from '../intercom/company-upserts';
import { TagBatcher } from '../intercom/tag-batcher';
import { createActivationActivities } from './activations/run-page';
import { createConnectIntercomActivities } from './connect-intercom';
import { createConnectionCheckActivities } from './connection-check';
import type { ActivityDeps } from './deps';
import { createCompanyFetchActivities } from './incoming/fetch-companies';
import { createContactFetchActivities } from './incoming/fetch-contacts';
import { createNotificationActivities } from './incoming/apply-notification';
import { createWatermarkActivities } from './incoming/watermarks';
import { createOperationActivities } from './operations';
import { createLeadConversionActivities } from './outgoing/convert-lead';
import { createHandOverActivities } from './outgoing/hand-over';
import { OutgoingGate } from './outgoing/outgoing-gate';
import { createAccountSyncActivities } from './outgoing/sync-account';
import { createUserSyncActivities } from './outgoing/sync-user';

export type { ActivityDeps } from './deps';

/** The outgoing gate of a worker process: it reports a pause to the connector's status in Hull. */
export const outgoingGateFor = (
  deps: Pick<ActivityDeps, 'hull' | 'authPauseMs'> & { reconnect?: string },
): OutgoingGate =>
  new OutgoingGate(
    (status, messages) => deps.hull.putStatus(status, messages),
    deps.authPauseMs,
    Date.now,
    deps.reconnect,
  );

export function createActivities(deps: ActivityDeps) {
  // One gate per worker process: a revoked token pauses every outgoing write here at once.
  const gate = deps.gate ?? outgoingGateFor(deps);
  // One tag batcher and one company-upsert cache per worker process: the writes running here share them.
  const outgoing = {
    ...deps,
    gate,
    tagBatcher: new TagBatcher(deps.intercom),
    companyUpserts: new CompanyUpserts(deps.intercom),
  };
  return {
    ...createConnectionCheckActivities(deps),
    ...createConnectIntercomActivities(deps),
    ...createContactFetchActivities(deps),
    ...createCompanyFetchActivities(deps),
    ...createWatermarkActivities(deps),
    ...createNotificationActivities(deps),
    ...createUserSyncActivities(outgoing),
    ...createAccountSyncActivities(outgoing),
    ...createLeadConversionActivities(outgoing),
    ...createActivationActivities(deps),
    ...createOperationActivities(deps),
    ...createHandOverActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
