/**
 * Finding the Intercom contact a Hull profile corresponds to, before writing.
 *
 * Hull's connector searched once with the AND of every claim (email AND external_id AND role): a user
 * whose email matched but whose external_id was missing or different in Intercom was "not found" and
 * inserted a second time, and several matches were silently skipped. Here the lookup is an ordered list of steps, tried
 * until one finds something: the Intercom id stored on the profile, then `external_id`
 * (GET /contacts/find_by_external_id, exact and cheap), then one search per claim in the identity
 * strategy's order. chooseMatch() picks deterministically among several results and says so.
 */
import type { ConnectorSettings } from '../../config/connector-settings';
import type { UserUpdateMessage } from '../../hull/notifications';
import type { IntercomContact } from '../../intercom/schemas';
import type { ContactRole } from '../incoming/identity';
import { readString, storedContactId } from './hull-values';

export interface IntercomSearchFilter {
  field: string;
  operator: '=';
  value: string;
}

/** Intercom's contact search query (POST /contacts/search: filters ANDed under one `operator`). */
export interface IntercomSearchQuery {
  operator: 'AND';
  value: IntercomSearchFilter[];
}

export type LookupStep =
  | { by: 'id'; id: string }
  | { by: 'external_id'; externalId: string }
  /** `claims`: every identity claim of the profile (Intercom field → value), for chooseMatch(). */
  | { by: 'search'; query: IntercomSearchQuery; claims: Record<string, string> };

/** The profile's identity claims for `role`, keyed by Intercom field (`email`, `external_id`). */
export function contactClaimValues(
  message: UserUpdateMessage,
  role: ContactRole,
  settings: ConnectorSettings,
): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const claim of role === 'user' ? settings.user_claims : settings.lead_claims) {
    const value = readString(message.user, claim.hull);
    if (value !== undefined && !(claim.service in claims)) claims[claim.service] = value;
  }
  return claims;
}

export function lookupPlan(message: UserUpdateMessage, role: ContactRole, settings: ConnectorSettings): LookupStep[] {
  const steps: LookupStep[] = [];
  const id = storedContactId(message, role);
  if (id !== undefined) steps.push({ by: 'id', id });

  const claims = contactClaimValues(message, role, settings);
  // GET /contacts/find_by_external_id only finds users (leads have no external_id lookup), so leads go straight to search.
  const externalIdStep = role === 'user' && claims.external_id !== undefined;
  if (externalIdStep) steps.push({ by: 'external_id', externalId: claims.external_id as string });

  for (const [field, value] of Object.entries(claims)) {
    // The external_id lookup above already answered this exactly; searching again costs a request.
    if (field === 'external_id' && externalIdStep) continue;
    steps.push({
      by: 'search',
      query: {
        operator: 'AND',
        value: [
          { field: 'role', operator: '=', value: role },
          { field, operator: '=', value },
        ],
      },
      claims,
    });
  }
  return steps;
}

export interface ContactMatch {
  chosen: IntercomContact;
  /** More than one candidate was eligible: the choice is deterministic but worth a look. */
  ambiguous: boolean;
  reason: string;
}

const sameEmail = (left: string | null | undefined, right: string | undefined): boolean =>
  typeof left === 'string' && right !== undefined && left.trim().toLowerCase() === right.trim().toLowerCase();

/**
 * Picks one contact among a lookup's results, always the same one for the same input:
 * exact `external_id` match first, then exact (case-insensitive) email match, then the oldest
 * `created_at`, ties broken by id. A candidate whose own `external_id` differs from the profile's is
 * another person — Intercom lets two users share an email when their external_ids differ — and is
 * never chosen; undefined when no candidate is left.
 */
export function chooseMatch(candidates: IntercomContact[], claims: Record<string, string>): ContactMatch | undefined {
  const externalId = claims.external_id;
  const excluded = candidates.filter(
    (contact) =>
      externalId !== undefined && typeof contact.external_id === 'string' && contact.external_id !== externalId,
  );
  const eligible = candidates.filter((contact) => !excluded.includes(contact));
  if (eligible.length === 0) return undefined;

  const rank = (contact: IntercomContact): number =>
    externalId !== undefined && contact.external_id === externalId ? 0 : sameEmail(contact.email, claims.email) ? 1 : 2;
  const sorted = [...eligible].sort(
    (left, right) =>
      rank(left) - rank(right) ||
      (left.created_at ?? Number.MAX_SAFE_INTEGER) - (right.created_at ?? Number.MAX_SAFE_INTEGER) ||
      (left.id < right.id ? -1 : left.id > right.id ? 1 : 0),
  );
  const chosen = sorted[0] as IntercomContact;
  const why = ['exact external_id match', 'exact email match', 'no exact claim match'][rank(chosen)] ?? '';
  const ambiguous = sorted.length > 1;
  const parts = [
    ambiguous
      ? `${sorted.length} Intercom contacts match (${sorted.map((contact) => contact.id).join(', ')}); chose ${chosen.id}: ${why}, then oldest created_at, then lowest id`
      : `chose ${chosen.id}: ${why}`,
  ];
  if (excluded.length > 0) {
    parts.push(
      `ignored ${excluded.map((contact) => `${contact.id} (external_id ${String(contact.external_id)})`).join(', ')}: another external_id than ${externalId}`,
    );
  }
  return { chosen, ambiguous, reason: parts.join('; ') };
}
