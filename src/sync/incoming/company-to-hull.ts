/** Maps an Intercom company to a Hull account write (`intercom/` group, anonymous id `intercom:<id>`). */
import type { ConnectorSettings } from '../../config/connector-settings';
import type { AccountClaims } from '../../hull/claims';
import type { Traits } from '../../hull/firehose-batch';
import type { IntercomCompany } from '../../intercom/schemas';
import { COMPANY_GROUP, companyAnonymousId } from './identity';
import { domainFromWebsite, readPath, toHullValue } from './values';

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

export function mapCompanyToHull(company: IntercomCompany, settings: ConnectorSettings): HullAccountWrite {
  const traits: Traits = {};
  for (const row of settings.incoming_account_attributes) {
    const { found, value: raw } =
      row.service === 'tags'
        ? { found: true, value: [...new Set((company.tags?.tags ?? []).map((tag) => tag.name))] }
        : readPath(company, row.service);
    if (!found) continue;
    const value = toHullValue(row.service, raw);
    traits[row.hull] = row.overwrite || value === null ? value : { operation: 'setIfNull', value };
  }
  traits[`${COMPANY_GROUP}/id`] = company.id;
  if (company.name) traits.name = { operation: 'setIfNull', value: company.name };
  return { claims: companyClaims(company, settings), traits };
}
