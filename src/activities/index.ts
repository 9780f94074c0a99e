/**
 * All activities, built from their dependencies. Workflows import only the *type* of this factory's
 * result (`Activities`), never the module's values, so no Node code leaks into the workflow sandbox.
 */
import { createActivationActivities } from './activations/run-page';
import { createConnectionCheckActivities } from './connection-check';
import type { ActivityDeps } from './deps';
import { createCompanyFetchActivities } from './incoming/fetch-companies';
import { createContactFetchActivities } from './incoming/fetch-contacts';
import { createNotificationActivities } from './incoming/apply-notification';
import { createWatermarkActivities } from './incoming/watermarks';
import { createLeadConversionActivities } from './outgoing/convert-lead';
import { createHandOverActivities } from './outgoing/hand-over';
import { OutgoingGate } from './outgoing/outgoing-gate';
import { createAccountSyncActivities } from './outgoing/sync-account';
import { createUserSyncActivities } from './outgoing/sync-user';

export type { ActivityDeps } from './deps';

export function createActivities(deps: ActivityDeps) {
  // One gate per worker process: a revoked token pauses every outgoing write here at once.
  const gate = new OutgoingGate((status, messages) => deps.hull.putStatus(status, messages), deps.authPauseMs);
  const outgoing = { ...deps, gate };
  return {
    ...createConnectionCheckActivities(deps),
    ...createContactFetchActivities(deps),
    ...createCompanyFetchActivities(deps),
    ...createWatermarkActivities(deps),
    ...createNotificationActivities(deps),
    ...createUserSyncActivities(outgoing),
    ...createAccountSyncActivities(outgoing),
    ...createLeadConversionActivities(outgoing),
    ...createActivationActivities(deps),
    ...createHandOverActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
