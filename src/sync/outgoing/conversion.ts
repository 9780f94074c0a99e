/**
 * Lead → user conversion (`convert_leads`, off by default, as Hull's connector documentation says:
 * "The intercom connector will no longer convert leads by default. Contact us to enable this feature.").
 *
 * When a person Intercom knows as a lead is now sent as a user, the engine merges the lead into the
 * user (POST /contacts/merge {from: lead, into: user}, API 2.x; the lead is gone afterwards)
 * so the lead's conversations and history follow the person. Hull's connector used the removed v1
 * convert endpoint, also fired on lead updates, and marked the lead converted even when the call failed;
 * recording the conversion is left to the caller,
 * after the merge succeeded.
 */
import type { ConnectorSettings } from '../../config/connector-settings';
import type { UserUpdateMessage } from '../../hull/notifications';
import { describeValue, readAttribute, readString, storedContactId } from './hull-values';
import type { UserTarget } from './target';

export type LeadConversionDecision = { convert: true; leadId: string } | { convert: false; reason: string };

const isSet = (value: unknown): boolean => value !== null && value !== undefined && value !== '' && value !== false;

export function leadConversionDecision(
  message: UserUpdateMessage,
  target: UserTarget,
  settings: ConnectorSettings,
): LeadConversionDecision {
  if (!settings.convert_leads) return { convert: false, reason: 'convert_leads is off' };
  if (target.kind !== 'send' || target.role !== 'user') {
    return { convert: false, reason: 'only a profile sent as an Intercom user converts its lead' };
  }
  const leadId = storedContactId(message, 'lead');
  if (leadId === undefined) return { convert: false, reason: 'no Intercom lead on the profile (intercom_lead/id)' };

  const convertedAt = readAttribute(message.user, 'intercom_lead/converted_at');
  if (isSet(convertedAt)) {
    return {
      convert: false,
      reason: `the lead was already converted (intercom_lead/converted_at = ${describeValue(convertedAt)})`,
    };
  }
  const leadConverted = readAttribute(message.user, 'intercom_lead/lead_converted');
  if (leadConverted === true || leadConverted === 'true') {
    return { convert: false, reason: 'the lead was already converted (intercom_lead/lead_converted)' };
  }
  // The incoming sync records deletions; a merge from a deleted contact would only fail (404).
  if (isSet(readAttribute(message.user, 'intercom_lead/deleted_at'))) {
    return { convert: false, reason: 'the lead was deleted in Intercom (intercom_lead/deleted_at)' };
  }
  // Intercom may turn the lead itself into the user (same id): nothing is left to merge.
  if (readString(message.user, 'intercom_user/id') === leadId) {
    return { convert: false, reason: 'the lead is already the user (intercom_lead/id = intercom_user/id)' };
  }
  return { convert: true, leadId };
}
