/**
 * Who is sent to Intercom, and as what. The rules are those of Hull's connector and its
 * documentation ("Outgoing Leads/Users"): membership of a synchronized segment decides, an empty filter sends nobody, a user matching both
 * filters is sent as a lead, and an export ("Send to Intercom") bypasses the filters in favour of
 * `send_batch_as`. Every skip carries a reason an operator can act on, naming the setting involved.
 */
import type { ConnectorSettings } from '../../config/connector-settings';
import type { AccountUpdateMessage, HullSegmentRef, UserUpdateMessage } from '../../hull/notifications';
import { attributeGroup, COMPANY_GROUP, type ContactRole } from '../incoming/identity';
import { describeValue, readAttribute, readString, storedContactId } from './hull-values';

export type UserTarget =
  | { kind: 'send'; role: ContactRole }
  /**
   * Not sent, but the person just left a synchronized segment and already exists in Intercom: the
   * engine only removes the mirrored tag (tags.ts), so Intercom does not keep claiming a membership
   * that ended. Hull's connector never got here: a user outside every filter was dropped untouched.
   */
  | { kind: 'untag-only'; role: ContactRole; reason: string }
  | { kind: 'skip'; reason: string };

export type AccountTarget = { kind: 'send' } | { kind: 'skip'; reason: string };

export interface TargetOptions {
  /** The notification is an export (`is_export`, Hull's "Send to Intercom" / batch). */
  isExport: boolean;
}

const FILTER_SETTING: Record<ContactRole, 'synchronized_user_segments' | 'synchronized_lead_segments'> = {
  user: 'synchronized_user_segments',
  lead: 'synchronized_lead_segments',
};

const TAG_SETTING: Record<ContactRole, 'tag_users' | 'tag_leads'> = { user: 'tag_users', lead: 'tag_leads' };

const inAnyOf = (segments: readonly HullSegmentRef[], ids: readonly string[]): boolean =>
  segments.some((segment) => ids.includes(segment.id));

/**
 * The reason to skip a person or account Intercom deleted, if `setting` (`ignore_deleted_users`,
 * `ignore_deleted_accounts`) is on and the incoming sync recorded the deletion (`<group>/deleted_at`,
 * written from the `user.deleted` webhook).
 * Writing to a deleted contact would fail, and recreating it would undo someone's deliberate delete.
 */
function deletedReason(
  profile: Record<string, unknown>,
  group: string,
  setting: 'ignore_deleted_users' | 'ignore_deleted_accounts',
  settings: ConnectorSettings,
): string | undefined {
  if (!settings[setting]) return undefined;
  const attribute = `${group}/deleted_at`;
  const deletedAt = readAttribute(profile, attribute);
  if (deletedAt === null || deletedAt === undefined || deletedAt === '') return undefined;
  return `deleted in Intercom (${attribute} = ${describeValue(deletedAt)}) and ${setting} is on`;
}

const userDeletedReason = (message: UserUpdateMessage, role: ContactRole, settings: ConnectorSettings) =>
  deletedReason(message.user, attributeGroup(role), 'ignore_deleted_users', settings);

function sendOrSkip(message: UserUpdateMessage, role: ContactRole, settings: ConnectorSettings): UserTarget {
  const deleted = userDeletedReason(message, role, settings);
  return deleted ? { kind: 'skip', reason: deleted } : { kind: 'send', role };
}

export function decideUserTarget(
  message: UserUpdateMessage,
  settings: ConnectorSettings,
  options: TargetOptions,
): UserTarget {
  if (options.isExport) {
    // The operator picked these people by hand; only send_batch_as decides the role. The deleted
    // check still applies: ignore_deleted_users is its own opt-out, unlike in Hull's connector where a
    // batch also resurrected contacts deleted in Intercom.
    return sendOrSkip(message, settings.send_batch_as === 'Leads' ? 'lead' : 'user', settings);
  }

  const userFilter = settings.synchronized_user_segments;
  const leadFilter = settings.synchronized_lead_segments;
  if (userFilter.length === 0 && leadFilter.length === 0) {
    return {
      kind: 'skip',
      reason: 'synchronized_user_segments and synchronized_lead_segments are empty: nobody is sent',
    };
  }

  // A user in both filters is sent as a lead, as the connector's documentation says ("Outgoing Leads").
  if (inAnyOf(message.segments, leadFilter)) return sendOrSkip(message, 'lead', settings);
  if (inAnyOf(message.segments, userFilter)) return sendOrSkip(message, 'user', settings);

  const left = message.changes.segments.left;
  for (const role of ['lead', 'user'] as const) {
    const filter = role === 'lead' ? leadFilter : userFilter;
    const leftSegments = left.filter((segment) => filter.includes(segment.id));
    if (leftSegments.length === 0 || storedContactId(message, role) === undefined) continue;
    const names = leftSegments.map((segment) => `"${segment.name}"`).join(', ');
    if (!settings[TAG_SETTING[role]]) {
      return { kind: 'skip', reason: `left ${names} but ${TAG_SETTING[role]} is off: no tag to remove` };
    }
    const deleted = userDeletedReason(message, role, settings);
    if (deleted) return { kind: 'skip', reason: deleted };
    return {
      kind: 'untag-only',
      role,
      reason: `left ${names} of ${FILTER_SETTING[role]} and is in no other synchronized segment: only the mirrored tags are removed`,
    };
  }

  return {
    kind: 'skip',
    reason: 'not in any synchronized segment (synchronized_user_segments, synchronized_lead_segments)',
  };
}

/** The account attribute that supplies Intercom's `company_id` (the POST /companies upsert key). */
export function companyIdClaim(settings: ConnectorSettings): string | undefined {
  return settings.account_claims.find((claim) => claim.service === 'company_id')?.hull;
}

export function decideAccountTarget(
  message: AccountUpdateMessage,
  settings: ConnectorSettings,
  options: TargetOptions,
): AccountTarget {
  if (!options.isExport) {
    const filter = settings.synchronized_account_segments;
    if (filter.length === 0) {
      return { kind: 'skip', reason: 'synchronized_account_segments is empty: no account is sent' };
    }
    if (!inAnyOf(message.account_segments, filter)) {
      return { kind: 'skip', reason: 'not in any synchronized segment (synchronized_account_segments)' };
    }
  }

  const deleted = deletedReason(message.account, COMPANY_GROUP, 'ignore_deleted_accounts', settings);
  if (deleted) return { kind: 'skip', reason: deleted };

  // POST /companies upserts on company_id; without it Intercom answers 4xx (Hull's connector sent anyway).
  const claim = companyIdClaim(settings);
  if (claim === undefined) {
    return { kind: 'skip', reason: 'no company_id: account_claims maps no account attribute to company_id' };
  }
  if (readString(message.account, claim) === undefined) {
    return {
      kind: 'skip',
      reason: `no company_id: the account has no ${claim} (account_claims maps ${claim} → company_id)`,
    };
  }
  return { kind: 'send' };
}
