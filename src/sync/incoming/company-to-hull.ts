/** Maps an Intercom company to a Hull account write (`intercom/` group, anonymous id `intercom:<id>`). */
import type { ConnectorSettings } from '../../config/connector-settings';
import type { AccountClaims } from '../../hull/claims';
import type { Traits } from '../../hull/firehose-batch';
import type { IntercomCompany } from '../../intercom/schemas';
import { COMPANY_GROUP, companyAnonymousId } from './identity';
import { domainFromWebsite, listNames, mappedTraits, readPath, toHullValue } from './values';

export interface HullAccountWrite {
  claims: AccountClaims;
  traits: Traits;
}

export function companyClaims(company: IntercomCompany, settings: ConnectorSettings): AccountClaims {
  const claims: AccountClaims = { anonymous_id: companyAnonymousId(company.id) };
  for (const { hull, service } of settings.account_claims) {
    const value = service === 'website' ? domainFromWebsite(company.website) : company.company_id;
    if (typeof value === 'string' && value !== '') claims[hull] = value;
  }
  return claims;
}

/**
 * @param tags the company's tag names when the caller knows better than `company.tags` (a write-back
 *   after tags were applied to the company that answered the write).
 */
export function mapCompanyToHull(
  company: IntercomCompany,
  settings: ConnectorSettings,
  tags?: string[],
): HullAccountWrite {
  const valueOf = (service: string) => {
    const { found, value } =
      service === 'tags' ? { found: true, value: tags ?? listNames(company.tags) ?? [] } : readPath(company, service);
    return { found, value: toHullValue(service, value) };
  };
  const traits = mappedTraits(settings.incoming_account_attributes, valueOf, company.name);
  traits[`${COMPANY_GROUP}/id`] = company.id;
  return { claims: companyClaims(company, settings), traits };
}
