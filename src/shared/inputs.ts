/**
 * The input and result of every workflow type: what the API, the schedules and the workflows
 * themselves (continue-as-new, child workflows) start them with. Types only.
 */
import type { EntityNotification } from '../sync/incoming/webhook-notification';
import type { FailureRecord } from './failures';
import type { CompanyCursor, ContactEntity, FetchEntity, FetchProgress } from './fetch';
import type { CompanySyncState, ContactSyncState, PendingAccountUpdate, PendingUserUpdate } from './outgoing';

export interface ConnectionReport {
  intercom: { ok: true; workspaceId: string; region: string | null } | { ok: false; error: string };
  hull: { ok: true; connectorId: string } | { ok: false; error: string };
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
  };
}

export interface IntercomEntityInput {
  entity: { kind: 'contact' | 'company'; id: string };
  pending?: EntityNotification[];
  /** Ids of notifications already applied (most recent last), to drop Intercom's redeliveries. */
  applied?: string[];
  failed?: Array<FailureRecord & { notification: EntityNotification }>;
  /** `updated_at` of the newest snapshot written, so a late, older delivery never overwrites it. */
  newestUpdatedAt?: number;
}

export interface CoalescingState<U, S> {
  pending?: U;
  state: S;
  failed?: FailureRecord & { update: U };
}

export interface HullUserSyncInput extends CoalescingState<PendingUserUpdate, ContactSyncState> {
  hullUserId: string;
  connectorId: string;
}

export interface HullAccountSyncInput extends CoalescingState<PendingAccountUpdate, CompanySyncState> {
  hullAccountId: string;
}

export interface ConvertLeadInput {
  hullUserId: string;
  leadId: string;
  userId: string;
}
