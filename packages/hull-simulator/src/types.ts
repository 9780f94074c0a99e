/**
 * Data shapes of the simulated Hull organization.
 * Stored entities keep identity fields as properties and every other attribute in a flat `traits`
 * map keyed by the platform's flat names (`intercom_user/email`, `name`); the `traits_` prefix of
 * notifications is a presentation detail added by views.ts, never stored.
 */

/**
 * The identity claims the platform accepts; any other key is dropped. Kept apart from the engine's
 * list (src/hull/claims.ts) on purpose: were they one list, a wrong key would be sent by the engine and
 * accepted by the simulator alike, and no test could see it. The root's
 * test/unit/hull-claims-cross-check.test.ts holds the two equal.
 */
export const USER_CLAIM_KEYS = ['id', 'email', 'external_id', 'anonymous_id'] as const;
export const ACCOUNT_CLAIM_KEYS = ['id', 'domain', 'external_id', 'anonymous_id'] as const;

export type UserClaims = Partial<Record<(typeof USER_CLAIM_KEYS)[number], string>>;
export type AccountClaims = Partial<Record<(typeof ACCOUNT_CLAIM_KEYS)[number], string>>;

interface HullEntity {
  id: string;
  external_id: string | null;
  anonymous_ids: string[];
  /** Flat attribute name → value; groups use `/` (`intercom_user/id`). */
  traits: Record<string, unknown>;
  segment_ids: string[];
  created_at: string;
  updated_at: string;
}

export interface HullUser extends HullEntity {
  email: string | null;
  account_id: string | null;
}

export interface HullAccount extends HullEntity {
  domain: string | null;
}

/** A tracked event as stored. `source`/`type` surface as `event_source`/`event_type` when read back. */
export interface HullEvent {
  event_id: string;
  user_id: string;
  event: string;
  properties: Record<string, unknown>;
  created_at: string;
  source: string | null;
  type: string | null;
  /** ip, url, referer, useragent and any pass-through keys of the track body. */
  context: Record<string, unknown>;
  /** Connector that ingested the event through the firehose; null when another source wrote it. */
  app_id: string | null;
}

export type HullSegmentType = 'users_segment' | 'accounts_segment';

/** A segment as the platform serves it. */
export interface HullSegment {
  id: string;
  name: string;
  type: HullSegmentType;
  created_at: string;
  updated_at: string;
  query?: Record<string, unknown>;
  stats: Record<string, unknown>;
}

/**
 * The flat notification view of an entity: for users reserved fields unprefixed, custom
 * attributes `traits_`-prefixed and the account embedded under `account`; for accounts plain names.
 */
export type HullProfileView = Record<string, unknown>;

export interface HullSegmentDefinition {
  id: string;
  name: string;
  type: HullSegmentType;
  /** Membership predicate over the flat view; takes precedence over `query`. */
  match?: (profile: HullProfileView) => boolean;
  /** Attribute → required value, all must match; names as in notifications (`traits_intercom_user/id`, `email`). */
  query?: Record<string, unknown>;
}

/** A firehose POST as received, before any verification (for assertions). */
export interface RecordedBatch {
  receivedAt: string;
  /** Request-level headers that matter for the protocol. */
  headers: {
    'hull-app-id'?: string;
    'hull-organization'?: string;
    'hull-access-token'?: string;
    'user-agent'?: string;
  };
  body: unknown;
  status: number;
}

/** A firehose message decoded for assertions, like the minihull harness's triples. */
export interface DecodedFirehoseMessage {
  type: string;
  subjectType: unknown;
  asUser: unknown;
  asAccount: unknown;
  body: unknown;
  context: unknown;
}

export interface RejectedMessage {
  reason: string;
  message: unknown;
}

export type RequestTarget = 'firehose' | 'rest' | 'public-key';

export interface RequestLogEntry {
  method: string;
  path: string;
  status: number;
  target: RequestTarget;
  at: string;
}

export type NotificationOutcome = 'delivered' | 'retry' | 'dropped';

export interface NotificationLogEntry {
  channel: string;
  notificationId: string;
  /** HTTP status of the connector's answer; 0 when the request itself failed (refused, timeout). */
  status: number;
  /** Parsed JSON body of the answer (or its text, or the transport error message). */
  response: unknown;
  /** 1-based delivery attempt of the messages in this notification (kraken.retries + 1). */
  attempt: number;
  messageCount: number;
  isExport: boolean;
  outcome: NotificationOutcome;
  at: string;
}

/** What happened to the entities handed to notifyUsers / notifyAccounts. */
export interface NotifyResult {
  /** Entities whose message was queued. */
  notified: string[];
  /** Entities outside the connector's segment whitelist (conditions), or with nothing to report. */
  skipped: string[];
  /** Ids that match no entity. */
  missing: string[];
  /** Messages acknowledged by the connector. */
  delivered: number;
  /** Messages given up on after the attempt cap. */
  dropped: number;
}

/** Running totals, for assertions and benchmarks. */
export interface HullCounters {
  firehoseRequests: number;
  firehoseMessages: number;
  messagesAccepted: number;
  messagesRejected: number;
  /** Messages with `io.hull.create: false` that matched nothing (no effect). */
  messagesIgnored: number;
  messagesByType: Record<string, number>;
  usersCreated: number;
  accountsCreated: number;
  merges: number;
  links: number;
  eventsTracked: number;
  eventsDeduplicated: number;
  restRequests: number;
  notificationsSent: number;
  notificationMessagesDelivered: number;
  notificationRetries: number;
  notificationMessagesDropped: number;
}

export function emptyCounters(): HullCounters {
  return {
    firehoseRequests: 0,
    firehoseMessages: 0,
    messagesAccepted: 0,
    messagesRejected: 0,
    messagesIgnored: 0,
    messagesByType: {},
    usersCreated: 0,
    accountsCreated: 0,
    merges: 0,
    links: 0,
    eventsTracked: 0,
    eventsDeduplicated: 0,
    restRequests: 0,
    notificationsSent: 0,
    notificationMessagesDelivered: 0,
    notificationRetries: 0,
    notificationMessagesDropped: 0,
  };
}
