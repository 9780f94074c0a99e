/**
 * Every workflow type the worker registers. Export workflow functions only: anything exported here
 * becomes a workflow type.
 */
export { checkConnectionsWorkflow } from './check-connections';
export { fetchAllWorkflow } from './fetch-all';
export { incrementalFetchWorkflow } from './incremental-fetch';
export { intercomEntityWorkflow } from './intercom-entity';
export { hullUserSyncWorkflow } from './hull-user-sync';
export { hullAccountSyncWorkflow } from './hull-account-sync';
export { convertLeadWorkflow } from './convert-lead';
export { activationRunWorkflow } from './activation-run';
export { operationWorkflow } from './operation';
export { connectorStatusWorkflow } from './connector-status';
export { connectIntercomWorkflow } from './connect-intercom';
export { hullIntakeWorkflow } from './hull-intake';
