/**
 * The registered name of every workflow type (its function's name in src/workflows/index.ts). The
 * API and the schedules start and signal workflows by these names, with `import type` of the
 * workflow function for the argument types, so no workflow code loads outside the worker.
 * test/unit/workflow-types.test.ts holds this list and the registered workflows to each other.
 */
export const WORKFLOW_TYPES = {
  checkConnections: 'checkConnectionsWorkflow',
  fetchAll: 'fetchAllWorkflow',
  incrementalFetch: 'incrementalFetchWorkflow',
  intercomEntity: 'intercomEntityWorkflow',
  hullUserSync: 'hullUserSyncWorkflow',
  hullAccountSync: 'hullAccountSyncWorkflow',
  convertLead: 'convertLeadWorkflow',
  activationRun: 'activationRunWorkflow',
  operation: 'operationWorkflow',
  connectorStatus: 'connectorStatusWorkflow',
  connectIntercom: 'connectIntercomWorkflow',
  hullIntake: 'hullIntakeWorkflow',
} as const;

export type WorkflowTypeName = (typeof WORKFLOW_TYPES)[keyof typeof WORKFLOW_TYPES];
