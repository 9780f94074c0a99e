/**
 * Where Intercom records land in Hull, as Hull's own Intercom connector put them (so existing
 * profiles keep matching): users in `intercom_user/` as `intercom-user:user-<id>`, leads in
 * `intercom_lead/` as `intercom-lead:lead-<id>`, companies in `intercom/` as `intercom:<id>`.
 */
export type ContactRole = 'user' | 'lead';

export const attributeGroup = (role: ContactRole): 'intercom_user' | 'intercom_lead' =>
  role === 'user' ? 'intercom_user' : 'intercom_lead';

export const contactAnonymousId = (role: ContactRole, intercomId: string): string =>
  role === 'user' ? `intercom-user:user-${intercomId}` : `intercom-lead:lead-${intercomId}`;

export const companyAnonymousId = (intercomCompanyId: string): string => `intercom:${intercomCompanyId}`;

export const COMPANY_GROUP = 'intercom';
