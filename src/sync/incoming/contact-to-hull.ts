/**
 * Maps an Intercom contact to a Hull user write: identity claims from the role's identity strategy,
 * and traits from the role's incoming field mapping (`incoming_user_attributes` / `incoming_lead_attributes`,
 * defaults in sync/default-mappings.ts), in the role's attribute group (identity.ts).
 */
import type { ConnectorSettings } from '../../config/connector-settings';
import type { UserClaims } from '../../hull/claims';
import type { Traits, TraitValue } from '../../hull/firehose-batch';
import type { IntercomContact } from '../../intercom/schemas';
import { attributeGroup, contactAnonymousId, type ContactRole } from './identity';
import { mappedTraits, readPath, toHullValue } from './values';

/**
 * Lists Intercom only summarises on the contact (≤ 10 items) or does not embed at all, already
 * resolved to names. A list left undefined is not known: its mapped attribute is left as it is.
 */
export interface ContactExtras {
  tags?: string[];
  companies?: string[];
  /** Intercom ids of the contact's companies, for linking users to accounts in Hull. */
  companyIds?: string[];
  segments?: string[];
}

export interface HullUserWrite {
  claims: UserClaims;
  traits: Traits;
}

function mappedValue(
  contact: IntercomContact,
  service: string,
  extras: ContactExtras,
): { found: boolean; value: TraitValue } {
  switch (service) {
    case 'tags':
      return { found: extras.tags !== undefined, value: extras.tags ?? [] };
    case 'companies':
      return { found: extras.companies !== undefined, value: extras.companies ?? [] };
    case 'segments':
      return { found: extras.segments !== undefined, value: extras.segments ?? [] };
    case 'social_profiles':
      return { found: true, value: (contact.social_profiles?.data ?? []).flatMap((p) => (p.url ? [p.url] : [])) };
    case 'avatar': {
      const avatar = (contact as { avatar?: unknown }).avatar;
      const url =
        avatar !== null && typeof avatar === 'object' ? (avatar as { image_url?: unknown }).image_url : avatar;
      return { found: avatar !== undefined, value: typeof url === 'string' ? url : null };
    }
    default: {
      const { found, value } = readPath(contact, service);
      return { found, value: toHullValue(service, value) };
    }
  }
}

export function contactClaims(contact: IntercomContact, settings: ConnectorSettings): UserClaims {
  const strategy = contact.role === 'user' ? settings.user_claims : settings.lead_claims;
  const claims: UserClaims = { anonymous_id: contactAnonymousId(contact.role, contact.id) };
  for (const { hull, service } of strategy) {
    const value = contact[service];
    if (typeof value === 'string' && value !== '') claims[hull] = value;
  }
  return claims;
}

/** The incoming field mapping of a contact's role. */
export const incomingMapping = (settings: ConnectorSettings, role: ContactRole) =>
  role === 'user' ? settings.incoming_user_attributes : settings.incoming_lead_attributes;

/** Whether the role's incoming mapping reads this Intercom field (extra reads are made only then). */
export const mapsIncomingField = (settings: ConnectorSettings, role: ContactRole, field: string): boolean =>
  incomingMapping(settings, role).some((row) => row.service === field);

/** `Twitter` → `twitter_url`: the attribute name Hull's connector gave each social profile's URL. */
export const socialProfileAttribute = (network: string): string =>
  `${network
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')}_url`;

/**
 * One trait per social network, `<group>/<network>_url` (e.g. `intercom_user/twitter_url`), beside
 * the list of URLs, as Hull's connector wrote them: written whenever the mapping reads
 * `social_profiles`, with that row's overwrite rule. The first profile of a network wins.
 */
function socialProfileTraits(contact: IntercomContact, settings: ConnectorSettings): Traits {
  const row = incomingMapping(settings, contact.role).find((mapping) => mapping.service === 'social_profiles');
  if (row === undefined) return {};
  const group = attributeGroup(contact.role);
  const traits: Traits = {};
  for (const profile of contact.social_profiles?.data ?? []) {
    if (!profile.name || !profile.url) continue;
    const network = socialProfileAttribute(profile.name);
    if (network === '_url') continue;
    const attribute = `${group}/${network}`;
    if (attribute in traits) continue;
    traits[attribute] = row.overwrite ? profile.url : { operation: 'setIfNull', value: profile.url };
  }
  return traits;
}

export function mapContactToHull(
  contact: IntercomContact,
  settings: ConnectorSettings,
  extras: ContactExtras,
): HullUserWrite {
  const group = attributeGroup(contact.role);
  const traits = mappedTraits(
    incomingMapping(settings, contact.role),
    (service) => mappedValue(contact, service, extras),
    contact.name,
  );
  for (const [attribute, value] of Object.entries(socialProfileTraits(contact, settings))) {
    if (!(attribute in traits)) traits[attribute] = value; // an explicit mapping row of the same name wins
  }
  // Always written, whatever the mapping: the id links the profile to Intercom, and a contact we can
  // read is not deleted (Hull's connector never cleared deleted_at when a person came back).
  traits[`${group}/id`] = contact.id;
  traits[`${group}/deleted_at`] = null;
  if (contact.role === 'lead') traits['intercom_lead/is_lead'] = true;
  return { claims: contactClaims(contact, settings), traits };
}
