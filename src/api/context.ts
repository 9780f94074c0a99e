import type { Client } from '@temporalio/client';
import type { ActivationStore } from '../activations/store';
import type { IntercomConnections } from '../activations/intercom-connection';
import type { IntercomOAuthConfig } from '../config/load';
import type { SettingsProvider } from '../config/settings-provider';
import type { NotificationAuthenticator } from '../hull/notification-auth';
import type { Secret } from '../config/secret';
import type { WorkspaceAppId } from '../intercom/workspace';
import type { Logger } from '../logger';
import type { TaskQueues } from '../shared/task-queues';

/** What route handlers need. The API only starts, signals and inspects workflows; workers do the work. */
export interface ApiContext {
  temporal: Client;
  taskQueues: TaskQueues;
  mode: 'sandbox' | 'live';
  log: Logger;
  /** The Hull connector id: the tenant key in every workflow id. */
  connectorId: string;
  settings: SettingsProvider;
  /** Authenticates Hull notifications. */
  notificationAuth: NotificationAuthenticator;
  /** Protects the operator endpoints when set (API_TOKEN). */
  operatorToken?: Secret;
  /** Verifies Intercom webhook signatures; without it webhooks are refused. */
  intercomClientSecret?: Secret;
  /** Bounds of the public intake routes (defaults: DEFAULT_INTAKE_LIMITS below). */
  intake?: Partial<IntakeLimits>;
  /** The connected Intercom workspace, whose id webhooks must carry; undefined: not checked. */
  workspace?: WorkspaceAppId;
  /** The activations' database (definitions made through the API, records); undefined: activations are off. */
  activations?: { store: ActivationStore };
  /** The Temporal UI, for the operator page's links (its address when known: TEMPORAL_UI_URL or the dev server's). */
  temporalUi?: { url?: string; namespace: string };
  /** OAuth (INTERCOM_CLIENT_ID): GET /auth/intercom and its callback. */
  oauth?: IntercomOAuthConfig & { connections?: IntercomConnections };
  /** The Intercom API host the engine calls (shown on the operator page). */
  intercomApiUrl?: string;
  /** What the connector's status workflow is started with when the API starts it (CONNECTION_CHECK_MINUTES). */
  connectionCheckMinutes?: number;
}

/** How much the public intake routes read, and how many at once. */
export interface IntakeLimits {
  /** The largest Hull notification body (HULL_NOTIFICATION_MAX_BYTES). */
  notificationMaxBytes: number;
  /** Hull notifications read at once (HULL_NOTIFICATION_CONCURRENCY); more get a 503 with flow control, unread. */
  notificationConcurrency: number;
  /** The largest Intercom webhook body (INTERCOM_WEBHOOK_MAX_BYTES). */
  webhookMaxBytes: number;
}

export const DEFAULT_INTAKE_LIMITS: IntakeLimits = {
  notificationMaxBytes: 8 * 1024 * 1024,
  notificationConcurrency: 2,
  webhookMaxBytes: 5 * 1024 * 1024,
};

export const intakeLimits = (ctx: ApiContext): IntakeLimits => ({ ...DEFAULT_INTAKE_LIMITS, ...ctx.intake });
