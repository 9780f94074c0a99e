/**
 * The input and result of every workflow type: what the API, the schedules and the workflows
 * themselves (continue-as-new, child workflows) start them with. Types only.
 */
import type { Duration } from '@temporalio/common';
import type { HullSegmentRef } from '../hull/notifications';
import type { EntityNotification } from '../sync/incoming/webhook-notification';
import type { KeptFailure } from './failures';
import type { CompanyCursor, ContactEntity, FetchEntity, FetchProgress } from './fetch';
import type { CompanySyncState, ContactSyncState, PendingAccountUpdate, PendingUserUpdate } from './outgoing';

/** An operator's OAuth callback: the code Intercom sent, sealed with TOKEN_ENCRYPTION_KEY (config/sealed.ts). */
export interface ConnectIntercomInput {
  sealedCode: string;
}

/** The workspace connected (the token itself goes to the engine's database, sealed, never here). */
export interface IntercomConnectionSummary {
  workspaceId: string;
  workspaceName: string | null;
  region: string | null;
  apiUrl: string;
}

export interface ConnectionReport {
  intercom:
    { ok: true; workspaceId: string; name: string | null; region: string | null } | { ok: false; error: string };
  hull: { ok: true; connectorId: string; name: string | null } | { ok: false; error: string };
}

export type FetchAllInput =
  | { entity: ContactEntity; cursor?: string; progress?: FetchProgress }
  | { entity: 'companies'; cursor?: CompanyCursor; progress?: FetchProgress };

export interface IncrementalFetchInput {
  entity: FetchEntity;
  /** Set when continuing as new mid-run. */
  resume?: {
    watermark: number;
    runStartedAt: number;
    fields: Array<'updated_at' | 'last_seen_at'>;
    fieldIndex: number;
    cursor?: string | CompanyCursor;
    progress: FetchProgress;
    /** The totals of the passes already done (one per field), which the current pass's total adds to. */
    totalOfDonePasses?: number;
  };
}

/**
 * What a per-entity workflow carries from one run to the next (continue-as-new). Empty at start:
 * the API starts an entity's workflow with its identity only.
 */
export interface EntityLoopCarry<W, S> {
  /** Work received and not done yet, in the order it will be done. */
  pending?: W[];
  /** Work that failed for good, kept (and listed by GET /failures) until re-driven. */
  failed?: Array<KeptFailure<W>>;
  /** Redelivery keys of the work done last, most recent last: a redelivery of one is dropped. */
  done?: string[];
  /** What the entity remembers between units of work. */
  state?: S;
  /** Shorter limits than the loop's own (tests set them; the engine never does). */
  limits?: EntityLoopLimits;
}

export interface EntityLoopLimits {
  /** How long an entity with nothing to do and no kept failure waits for more before finishing. */
  idle?: Duration;
  /** Units of work per run before continuing as new. */
  stepsPerRun?: number;
}

/** An Intercom contact's or company's memory between notifications. */
export interface IntercomEntityState {
  /** `updated_at` of the newest snapshot written, so a late, older delivery never overwrites it. */
  newestUpdatedAt?: number;
}

export interface IntercomEntityInput extends EntityLoopCarry<EntityNotification, IntercomEntityState> {
  entity: { kind: 'contact' | 'company'; id: string };
}

export interface HullUserSyncInput extends EntityLoopCarry<PendingUserUpdate, ContactSyncState> {
  hullUserId: string;
  connectorId: string;
}

export interface HullAccountSyncInput extends EntityLoopCarry<PendingAccountUpdate, CompanySyncState> {
  hullAccountId: string;
}

/**
 * A part of a large Hull notification, handed to Temporal in one start so the notification can be
 * acknowledged at once; the intake workflow's activity then signals each message's entity workflow.
 */
export type HullIntakeInput = {
  notificationId: string;
  isExport: boolean;
  organisationSegments: HullSegmentRef[];
} & (
  | { channel: 'user:update'; messages: PendingUserUpdate['message'][] }
  | { channel: 'account:update'; messages: PendingAccountUpdate['message'][] }
);

export interface ConvertLeadInput {
  hullUserId: string;
  leadId: string;
  userId: string;
}
