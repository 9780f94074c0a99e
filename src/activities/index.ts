/**
 * All activities, built from their dependencies. Workflows import only the *type* of this factory's
 * result (`Activities`), never the module's values, so no Node code leaks into the workflow sandbox.
 */
import { createConnectionCheckActivities } from './connection-check';
import type { ActivityDeps } from './deps';

export type { ActivityDeps } from './deps';

export function createActivities(deps: ActivityDeps) {
  return {
    ...createConnectionCheckActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
