/**
 * Default incoming field mappings: every standard field of Intercom's Contact and Company models
 * (API 2.16) lands in Hull. The Hull attribute names are those of Hull's own connector's default
 * mappings (e.g. `external_id` → `user_id`), so an organisation switching over keeps its attributes;
 * the fields Hull's connector did not map are added under their Intercom names.
 */
export interface IncomingMappingRow {
  service: string;
  hull: string;
  overwrite: boolean;
}

const CONTACT_FIELDS: ReadonlyArray<readonly [service: string, hullName: string]> = [
  ['id', 'id'],
  ['external_id', 'user_id'],
  ['email', 'email'],
  ['email_domain', 'email_domain'],
  ['role', 'role'],
  ['name', 'name'],
  ['phone', 'phone'],
  ['avatar', 'avatar'],
  ['owner_id', 'owner_id'],
  ['created_at', 'created_at'],
  ['updated_at', 'updated_at'],
  ['signed_up_at', 'signed_up_at'],
  ['last_seen_at', 'last_seen_at'],
  ['last_replied_at', 'last_replied_at'],
  ['last_contacted_at', 'last_contacted_at'],
  ['last_email_opened_at', 'last_email_opened_at'],
  ['last_email_clicked_at', 'last_email_clicked_at'],
  ['language_override', 'language_override'],
  ['browser', 'browser'],
  ['browser_version', 'browser_version'],
  ['browser_language', 'browser_language'],
  ['os', 'os'],
  ['location.city', 'location_city_name'],
  ['location.region', 'location_region_name'],
  ['location.country', 'location_country_name'],
  ['unsubscribed_from_emails', 'unsubscribed_from_emails'],
  ['marked_email_as_spam', 'marked_email_as_spam'],
  ['has_hard_bounced', 'has_hard_bounced'],
  ['android_app_name', 'android_app_name'],
  ['android_app_version', 'android_app_version'],
  ['android_device', 'android_device'],
  ['android_os_version', 'android_os_version'],
  ['android_sdk_version', 'android_sdk_version'],
  ['android_last_seen_at', 'android_last_seen_at'],
  ['ios_app_name', 'ios_app_name'],
  ['ios_app_version', 'ios_app_version'],
  ['ios_device', 'ios_device'],
  ['ios_os_version', 'ios_os_version'],
  ['ios_sdk_version', 'ios_sdk_version'],
  ['ios_last_seen_at', 'ios_last_seen_at'],
  ['social_profiles', 'social_profiles'],
  ['tags', 'tags'],
  ['companies', 'companies'],
];

const COMPANY_FIELDS: ReadonlyArray<readonly [service: string, hullName: string]> = [
  ['id', 'id'],
  ['company_id', 'company_id'],
  ['name', 'name'],
  ['website', 'website'],
  ['industry', 'industry'],
  ['size', 'size'],
  ['monthly_spend', 'monthly_spend'],
  ['plan.name', 'plan'],
  ['session_count', 'session_count'],
  ['user_count', 'user_count'],
  ['created_at', 'created_at'],
  ['updated_at', 'updated_at'],
  ['remote_created_at', 'remote_created_at'],
  ['last_request_at', 'last_request_at'],
  ['tags', 'tags'],
];

const toRows = (fields: typeof CONTACT_FIELDS, group: string): IncomingMappingRow[] =>
  fields.map(([service, hullName]) => ({ service, hull: `${group}/${hullName}`, overwrite: true }));

export const defaultIncomingUserAttributes = (): IncomingMappingRow[] => toRows(CONTACT_FIELDS, 'intercom_user');
export const defaultIncomingLeadAttributes = (): IncomingMappingRow[] => toRows(CONTACT_FIELDS, 'intercom_lead');
export const defaultIncomingAccountAttributes = (): IncomingMappingRow[] => toRows(COMPANY_FIELDS, 'intercom');
