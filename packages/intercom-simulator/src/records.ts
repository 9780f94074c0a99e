/**
 * The simulator's stored state. Records use Intercom's own snake_case field names on purpose: they mirror
 * the wire format of REST API 2.16, so serializing them is a shallow copy and search filters can address
 * fields by the names clients send (`email`, `custom_attributes.plan`, `location.country`).
 */

/** Custom attribute values are flat scalars in Intercom (no objects or arrays). */
export type AttributeValue = string | number | boolean | null;

export type ContactRole = 'user' | 'lead';

export interface ContactLocation {
  country: string | null;
  region: string | null;
  city: string | null;
  country_code: string | null;
  continent_code: string | null;
}

export interface SocialProfile {
  type: 'social_profile';
  name: string;
  url: string;
}

export interface ContactRecord {
  id: string;
  role: ContactRole;
  external_id: string | null;
  email: string | null;
  email_verified: boolean | null;
  phone: string | null;
  name: string | null;
  /** Avatar image URL; the API wraps it as `{type: 'avatar', image_url}`. */
  avatar: string | null;
  /** Admin id; a string since 2.16 (it was an integer up to 2.15). */
  owner_id: string | null;
  created_at: number;
  updated_at: number;
  signed_up_at: number | null;
  last_seen_at: number | null;
  last_replied_at: number | null;
  last_contacted_at: number | null;
  last_email_opened_at: number | null;
  last_email_clicked_at: number | null;
  language_override: string | null;
  browser: string | null;
  browser_version: string | null;
  browser_language: string | null;
  os: string | null;
  location: ContactLocation;
  social_profiles: SocialProfile[];
  unsubscribed_from_emails: boolean;
  has_hard_bounced: boolean;
  marked_email_as_spam: boolean;
  custom_attributes: Record<string, AttributeValue>;
  archived: boolean;
}

/** A lead that was merged into a user: gone from list/search, answered with 410 + Link by GET (2.16). */
export interface MergedContact {
  record: ContactRecord;
  into: string;
  mergedAt: number;
}

export interface MergeHistoryEntry {
  source_contact_id: string;
  source_contact_role: ContactRole;
  merged_at: number;
}

export interface CompanyRecord {
  id: string;
  company_id: string;
  name: string | null;
  plan: string | null;
  size: number | null;
  website: string | null;
  industry: string | null;
  monthly_spend: number;
  session_count: number;
  remote_created_at: number | null;
  created_at: number;
  updated_at: number;
  last_request_at: number | null;
  custom_attributes: Record<string, AttributeValue>;
}

export interface TagRecord {
  id: string;
  name: string;
  created_at: number;
}

export interface TagApplication {
  appliedAt: number;
  appliedBy: string;
}

/** Data types accepted by POST /data_attributes (2.14+ lists use `options`). */
export type DataAttributeType = 'string' | 'integer' | 'float' | 'boolean' | 'date' | 'datetime' | 'options';

export type DataAttributeModel = 'contact' | 'company';

export interface DataAttributeRecord {
  id: number;
  name: string;
  model: DataAttributeModel;
  data_type: DataAttributeType;
  description: string;
  options: string[];
  messenger_writable: boolean;
  archived: boolean;
  admin_id: string;
  created_at: number;
  updated_at: number;
}

export interface EventRecord {
  contact_id: string;
  event_name: string;
  created_at: number;
  metadata: Record<string, unknown>;
  /** Insertion order, a tie-breaker for events sharing a created_at. */
  seq: number;
}

export interface NoteRecord {
  id: string;
  contact_id: string;
  author_id: string;
  body: string;
  created_at: number;
}

export interface AdminRecord {
  id: string;
  name: string;
  email: string;
  job_title: string | null;
  avatar: string | null;
  team_ids: number[];
  /** PUT /admins/{id}/away (absent: not away). */
  away_mode_enabled?: boolean;
  away_mode_reassign?: boolean;
}

/** One entry of GET /admins/activity_logs: what an admin did, e.g. going away. */
export interface ActivityLogRecord {
  id: string;
  admin_id: string;
  activity_type: string;
  activity_description: string;
  created_at: number;
  metadata: Record<string, unknown>;
}

export interface SegmentRecord {
  id: string;
  name: string;
  /** 'user' for user segments, 'contact' for lead segments (Intercom's historical naming). */
  person_type: 'user' | 'contact';
  created_at: number;
  updated_at: number;
  /** Membership rule, written in the contact search query language (null for a company segment). */
  query: unknown;
  /**
   * Set for a segment of companies: its members, by Intercom company id. Company segments are not
   * computed from rules here, and they never match contacts.
   */
  company_ids?: string[];
}

export interface ConversationPartRecord {
  id: string;
  part_type:
    'comment' | 'note' | 'assignment' | 'close' | 'open' | 'snoozed' | 'participant_added' | 'participant_removed';
  body: string | null;
  created_at: number;
  author: { type: 'admin' | 'user' | 'lead' | 'bot'; id: string };
  assigned_to: string | null;
}

export interface ConversationRecord {
  id: string;
  title: string | null;
  created_at: number;
  updated_at: number;
  state: 'open' | 'closed' | 'snoozed';
  read: boolean;
  priority: 'none' | 'low' | 'medium' | 'high' | 'urgent';
  /** 0 when unassigned (2.16; was null before). */
  admin_assignee_id: number;
  team_assignee_id: number;
  contact_ids: string[];
  tag_ids: string[];
  /** When a snoozed conversation reopens (Unix seconds). */
  snoozed_until?: number | null;
  custom_attributes?: Record<string, AttributeValue>;
  source: {
    type: 'conversation' | 'email';
    delivered_as: 'customer_initiated' | 'admin_initiated';
    subject: string;
    body: string;
    author: { type: 'admin' | 'user' | 'lead'; id: string };
  };
  parts: ConversationPartRecord[];
}
