/**
 * Every workflow and schedule id, built from natural keys in one place. The Hull connector id is the
 * tenant key, so several connectors (or test runs) can share a namespace; the entity ids make each
 * workflow the single writer for its entity, and the notification ids make redeliveries idempotent.
 */
import type { FetchEntity } from './fetch';

const prefix = (connectorId: string) => `hull-intercom/${connectorId}`;

export const workflowIds = {
  fetchAll: (connectorId: string, entity: FetchEntity) => `${prefix(connectorId)}/fetch-all/${entity}`,
  incrementalSchedule: (connectorId: string, entity: FetchEntity) => `${prefix(connectorId)}/incremental/${entity}`,
  incrementalRun: (connectorId: string, entity: FetchEntity) => `${prefix(connectorId)}/incremental-run/${entity}`,
  intercomContact: (connectorId: string, contactId: string) => `${prefix(connectorId)}/intercom-contact/${contactId}`,
  intercomCompany: (connectorId: string, companyId: string) => `${prefix(connectorId)}/intercom-company/${companyId}`,
  hullUser: (connectorId: string, hullUserId: string) => `${prefix(connectorId)}/hull-user/${hullUserId}`,
  hullAccount: (connectorId: string, hullAccountId: string) => `${prefix(connectorId)}/hull-account/${hullAccountId}`,
  /** One part of a large Hull notification (hullIntakeWorkflow); a redelivery of the same id starts nothing twice. */
  hullIntake: (connectorId: string, notificationId: string, part: number) =>
    `${prefix(connectorId)}/hull-intake/${encodeURIComponent(notificationId)}/${part}`,
  convertLead: (connectorId: string, leadId: string) => `${prefix(connectorId)}/convert-lead/${leadId}`,
  checkConnections: (connectorId: string, at: number) => `${prefix(connectorId)}/check-connections/${at}`,
  connectIntercom: (connectorId: string, at: number) => `${prefix(connectorId)}/connect-intercom/${at}`,
  /** The one workflow that keeps the connector's status (the operator page's connections, writes, rate). */
  connectorStatus: (connectorId: string) => `${prefix(connectorId)}/status`,
  /** The id without its tenant prefix, e.g. `hull-user/<id>`: which entity or run a workflow is. */
  withinConnector: (connectorId: string, workflowId: string) => workflowId.slice(prefix(connectorId).length + 1),
  /** One run of an activation; its last segment is the run id records are kept under. */
  activationRun: (connectorId: string, name: string, runId: string) =>
    `${prefix(connectorId)}/activation/${name}/run/${runId}`,
  /** Scheduled runs get Temporal's start time appended to this id (`.../run/scheduled-<time>`). */
  activationSchedule: (connectorId: string, name: string) => `${prefix(connectorId)}/activation-schedule/${name}`,
  /** The activation and run id of an activation run's workflow id. */
  parseActivationRun: (connectorId: string, workflowId: string): { name: string; runId: string } | undefined => {
    const match = /^([^/]+)\/run\/(.+)$/.exec(workflowId.slice(`${prefix(connectorId)}/activation/`.length));
    return workflowId.startsWith(`${prefix(connectorId)}/activation/`) && match
      ? { name: match[1]!, runId: match[2]! }
      : undefined;
  },
  /**
   * One operation run (POST /operations/<name>): keyed by the caller's Idempotency-Key, so a retried write
   * finds the run it started instead of starting another; a random key otherwise.
   */
  operation: (connectorId: string, name: string, key: string) => `${prefix(connectorId)}/operation/${name}/${key}`,
  /** What every workflow id of this connector starts with (a Temporal UI query's `WorkflowId STARTS_WITH`). */
  connectorPrefix: (connectorId: string) => `${prefix(connectorId)}/`,
  /** Whether a workflow id belongs to this connector (operators reach no other tenant's runs). */
  ownedBy: (connectorId: string, workflowId: string) => workflowId.startsWith(`${prefix(connectorId)}/`),
};
