import type { ConnectorSettings } from '../../config/connector-settings';
import type { UserUpdateMessage } from '../../hull/notifications';
import type { CallOptions, IntercomClient } from '../../intercom/client';
import { isGoneError } from '../../intercom/errors';
import type { IntercomContact } from '../../intercom/schemas';
import type { ContactRole } from '../../sync/incoming/identity';
import { chooseMatch, lookupPlan } from '../../sync/outgoing';

export interface FoundContact {
  contact: IntercomContact;
  /** Set when several contacts matched: the choice and why, for the operator. */
  note?: string;
}

/**
 * Resolves the profile's Intercom contact in the documented order: the id stored on the Hull profile,
 * then external_id (users), then a search per identity claim. Claims are tried one at a time, not
 * ANDed as Hull's connector did, which missed contacts whose other claim differed and then created
 * duplicates.
 */
export async function findContact(
  intercom: IntercomClient,
  message: UserUpdateMessage,
  role: ContactRole,
  settings: ConnectorSettings,
  call: CallOptions,
  skipId?: string,
): Promise<FoundContact | undefined> {
  for (const step of lookupPlan(message, role, settings)) {
    if (step.by === 'id') {
      if (step.id === skipId) continue;
      try {
        const contact = await intercom.getContact(step.id, call);
        if (contact.role === role) return { contact };
      } catch (error) {
        if (!isGoneError(error)) throw error;
      }
    } else if (step.by === 'external_id') {
      const contact = await intercom.findUserByExternalId(step.externalId, call);
      if (contact !== undefined) return { contact };
    } else {
      const page = await intercom.searchContacts({ query: step.query, perPage: 25 }, call);
      const match = chooseMatch(page.data, step.claims);
      if (match !== undefined) return { contact: match.chosen, note: match.ambiguous ? match.reason : undefined };
    }
  }
  return undefined;
}
