/**
 * Hull segments mirrored as Intercom tags (`tag_users`, `tag_leads`, `tag_companies`).
 *
 * Only the synchronized segments are mirrored — the user and lead filters for contacts,
 * `synchronized_account_segments` for companies. Hull's connector tagged contacts with every segment
 * the user was in, flooding Intercom with internal segment names. The tags this engine manages are therefore exactly those named like a
 * synchronized segment; any other tag was made by someone in Intercom and is never removed.
 *
 * The current tags of the record come from the Hull attribute the incoming sync writes
 * (`intercom_<role>/tags`, `intercom/tags`). That copy can lag behind the engine's own writes, so a
 * segment the profile just left is untagged whether or not the copy shows the tag.
 */
import type { ConnectorSettings } from '../../config/connector-settings';
import type { AccountUpdateMessage, HullSegmentRef, UserUpdateMessage } from '../../hull/notifications';
import { attributeGroup, COMPANY_GROUP, type ContactRole } from '../incoming/identity';
import { readAttribute } from './hull-values';

export interface TagChanges {
  /** Tag names to apply (created first if missing: POST /tags is find-or-create). */
  add: string[];
  /** Tag names to take off the record. */
  remove: string[];
}

interface TagOptionsBase {
  /**
   * The organisation's segments (the notification envelope's `segments` / `accounts_segments`). Only
   * used to learn the names of synchronized segments the profile is not in, so a managed tag left over
   * in Intercom (e.g. while tagging was off) can be recognised and removed.
   */
  organisationSegments?: readonly HullSegmentRef[];
}

export interface ContactTagOptions extends TagOptionsBase {
  /**
   * The contact was just created in Intercom and carries no tags yet: everything wanted is added and
   * nothing needs removing, whatever an old Hull attribute says.
   */
  isNewContact: boolean;
}

export interface CompanyTagOptions extends TagOptionsBase {
  /** As isNewContact, for a company POST /companies just created. */
  isNewCompany?: boolean;
}

const NO_CHANGES: TagChanges = { add: [], remove: [] };

/** Intercom tag names are case-insensitive (POST /tags finds "vip" for "VIP"). */
const tagKey = (name: string): string => name.trim().toLowerCase();

function readTagNames(source: Record<string, unknown> | null | undefined, attribute: string): string[] | undefined {
  const value = readAttribute(source, attribute);
  if (!Array.isArray(value)) return undefined;
  return value.filter((name): name is string => typeof name === 'string');
}

interface MirrorInput {
  synchronizedIds: readonly string[];
  current: readonly HullSegmentRef[];
  entered: readonly HullSegmentRef[];
  left: readonly HullSegmentRef[];
  /** Tag names on the record per the incoming sync; undefined when unknown. */
  existing: string[] | undefined;
  isNew: boolean;
  organisationSegments: readonly HullSegmentRef[];
}

function mirror(input: MirrorInput): TagChanges {
  const synchronized = new Set(input.synchronizedIds);
  const namesOf = (segments: readonly HullSegmentRef[]): string[] =>
    segments
      .filter((segment) => synchronized.has(segment.id))
      .map((segment) => segment.name.trim())
      .filter((name) => name !== '');

  const wanted = new Map(namesOf(input.current).map((name) => [tagKey(name), name]));
  const managed = new Set(
    namesOf([...input.organisationSegments, ...input.current, ...input.entered, ...input.left]).map(tagKey),
  );
  const existing = input.isNew ? [] : input.existing;
  const existingKeys = new Set((existing ?? []).map(tagKey));

  const add = [...wanted.entries()]
    .filter(([key]) => existing === undefined || !existingKeys.has(key))
    .map(([, name]) => name);

  const remove = new Map<string, string>();
  if (!input.isNew) {
    for (const name of namesOf(input.left)) remove.set(tagKey(name), name);
    for (const name of existing ?? []) {
      if (managed.has(tagKey(name))) remove.set(tagKey(name), name.trim());
    }
    // Still in another synchronized segment of the same name (or re-entered): keep the tag.
    for (const key of wanted.keys()) remove.delete(key);
  }
  const byName = (left: string, right: string) => (left < right ? -1 : left > right ? 1 : 0);
  return { add: add.sort(byName), remove: [...remove.values()].sort(byName) };
}

/**
 * Tag changes for a contact sent (or untagged) as `role`. Synchronized segments are the union of the
 * user and lead filters: a person in both is sent as a lead and carries both segments' tags.
 */
export function contactTagChanges(
  message: UserUpdateMessage,
  role: ContactRole,
  settings: ConnectorSettings,
  options: ContactTagOptions,
): TagChanges {
  if (!(role === 'user' ? settings.tag_users : settings.tag_leads)) return NO_CHANGES;
  return mirror({
    synchronizedIds: [...settings.synchronized_user_segments, ...settings.synchronized_lead_segments],
    current: message.segments,
    entered: message.changes.segments.entered,
    left: message.changes.segments.left,
    existing: readTagNames(message.user, `${attributeGroup(role)}/tags`),
    isNew: options.isNewContact,
    organisationSegments: options.organisationSegments ?? [],
  });
}

/** Tag changes for a company: `synchronized_account_segments`, `tag_companies`, `intercom/tags`. */
export function companyTagChanges(
  message: AccountUpdateMessage,
  settings: ConnectorSettings,
  options: CompanyTagOptions = {},
): TagChanges {
  if (!settings.tag_companies) return NO_CHANGES;
  return mirror({
    synchronizedIds: settings.synchronized_account_segments,
    current: message.account_segments,
    entered: message.changes.account_segments.entered,
    left: message.changes.account_segments.left,
    existing: readTagNames(message.account, `${COMPANY_GROUP}/tags`),
    isNew: options.isNewCompany ?? false,
    organisationSegments: options.organisationSegments ?? [],
  });
}

/**
 * The tags a record carries as far as the engine knows: the incoming sync's copy on the Hull profile
 * (`attribute`) plus what the engine applied itself (kept in workflow state, fresher than Hull's copy
 * right after a write). Returns the profile with that union in place of `attribute`.
 */
export function withKnownTags<P extends Record<string, unknown>>(
  profile: P,
  attribute: string,
  applied: readonly string[] | undefined,
): P {
  const carried = readTagNames(profile, attribute) ?? [];
  const known = [...new Set([...carried, ...(applied ?? [])])];
  return known.length === 0 ? profile : { ...profile, [attribute]: known };
}

/** The managed tags a record carries after `changes` were applied to what was `applied` before. */
export function appliedTagsAfter(
  applied: readonly string[] | undefined,
  changes: TagChanges,
  isNew: boolean,
): string[] {
  const removed = new Set(changes.remove.map(tagKey));
  return [...new Set([...(isNew ? [] : (applied ?? [])), ...changes.add])].filter((name) => !removed.has(tagKey(name)));
}
