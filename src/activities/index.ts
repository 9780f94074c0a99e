/**
 * All activities, built from their dependencies. Workflows import only the *type* of this factory's
 * result (`Activities`), never the module's values, so no Node code leaks into the workflow sandbox.
 */
import { createConnectionCheckActivities } from './connection-check';
import type { ActivityDeps } from './deps';
import { createCompanyFetchActivities } from './incoming/fetch-companies';
import { createContactFetchActivities } from './incoming/fetch-contacts';
import { createNotificationActivities } from './incoming/apply-notification';
import { createWatermarkActivities } from './incoming/watermarks';

export type { ActivityDeps } from './deps';

export function createActivities(deps: ActivityDeps) {
  return {
    ...createConnectionCheckActivities(deps),
    ...createContactFetchActivities(deps),
    ...createCompanyFetchActivities(deps),
    ...createWatermarkActivities(deps),
    ...createNotificationActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
