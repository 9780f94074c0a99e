/**
 * What the outgoing (Hull → Intercom) workflows and their activities exchange: pending updates, the
 * state remembered between writes, and what a write reports. Types only.
 */
import type { AccountUpdateMessage, HullSegmentRef, UserUpdateMessage } from '../hull/notifications';

/** One Hull user's pending update: the latest state, plus everything that happened since the last write. */
export interface PendingUserUpdate {
  message: UserUpdateMessage;
  /** "Send all" exports bypass the segment filters (send_batch_as decides). */
  isExport: boolean;
  /** The organisation's user segments, to recognise managed tags. */
  organisationSegments: HullSegmentRef[];
  notificationIds: string[];
}

export interface PendingAccountUpdate {
  message: AccountUpdateMessage;
  isExport: boolean;
  organisationSegments: HullSegmentRef[];
  notificationIds: string[];
}

/** What the engine remembers about a contact between writes (workflow state, carried across runs). */
export interface ContactSyncState {
  role?: 'user' | 'lead';
  intercomId?: string;
  /** Hash per field of what was last sent: only changed fields are written. */
  fingerprint?: Record<string, string>;
  /** Keys of Hull events already sent, so a redelivered event is not sent twice. */
  sentEventKeys?: string[];
  /** Managed tags this engine applied, so a steady-state update does not re-apply them. */
  tags?: string[];
  /** The lead already merged into this contact (convert_leads), so an echo never merges it twice. */
  convertedLeadId?: string;
  /** The Intercom company the contact was last attached to (link_users_in_service). */
  linkedCompanyId?: string;
}

export interface ContactSyncResult {
  /** `planned`: the outgoing_dry_run setting is on; the write was planned and recorded, not sent. */
  outcome: 'created' | 'updated' | 'unchanged' | 'skipped' | 'untagged' | 'planned';
  reason?: string;
  state: ContactSyncState;
  requests: number;
  notes: string[];
  /** A lead to merge into the user just written (convert_leads). */
  conversion?: { leadId: string; userId: string };
}

/**
 * A lead the write had to create (`createHullLead`): the activity stops right after the create, so
 * its id and what was sent are in history before anything else can fail; `finishCreatedHullUser` does
 * the rest. A retried or re-driven write updates this contact and never creates a second one. (A user
 * is created and finished in one activity: a retry's create answers 409 naming it.)
 */
export interface CreatedContact {
  contactId: string;
  role: 'user' | 'lead';
  /** Hash per field of what the create sent. */
  fingerprint: Record<string, string>;
  /**
   * Whether Intercom's answer to the create was written back to Hull already (the create's activity
   * tries, briefly); when not, the rest of the write reads the contact and writes it back.
   */
  wroteBack?: boolean;
}

/** A contact just created by a write that stops there: the workflow runs `finishCreatedHullUser` next. */
export interface ContactJustCreated {
  outcome: 'created';
  created: CreatedContact;
  requests: number;
  notes: string[];
}

/** A lead no lookup found: the workflow runs `createHullLead` next (lead-create.ts: never a twin). */
export interface LeadToCreate {
  outcome: 'create-lead';
  requests: number;
  notes: string[];
}

/** What `syncHullUserToIntercom` reports: the whole write, a contact just created, or a lead to create. */
export type UserWriteResult = ContactSyncResult | ContactJustCreated | LeadToCreate;

export interface CompanySyncState {
  intercomId?: string;
  fingerprint?: Record<string, string>;
  /** Managed tags this engine applied to the company. */
  tags?: string[];
}

export interface CompanySyncResult {
  outcome: 'upserted' | 'unchanged' | 'skipped' | 'planned';
  reason?: string;
  state: CompanySyncState;
  requests: number;
  notes: string[];
}
