/**
 * Turns Intercom contacts and companies into Hull writes, shared by fetches and webhooks. Extra
 * Intercom reads happen only for fields the incoming mapping actually uses: tag and company names
 * (ids only are embedded, at most 10 of each) and segments (not embedded at all).
 */
import type { ConnectorSettings } from '../../config/connector-settings';
import type { UserClaims } from '../../hull/claims';
import type { FirehoseBatch, Traits } from '../../hull/firehose-batch';
import type { CallOptions, IntercomClient } from '../../intercom/client';
import type { IntercomLookups } from '../../intercom/lookups';
import type { IntercomCompany, IntercomContact } from '../../intercom/schemas';
import { mapCompanyToHull } from '../../sync/incoming/company-to-hull';
import {
  mapContactToHull,
  mapsIncomingField,
  type ContactExtras,
  type HullUserWrite,
} from '../../sync/incoming/contact-to-hull';
import { companyAnonymousId } from '../../sync/incoming/identity';

export interface IncomingContext {
  intercom: IntercomClient;
  lookups: IntercomLookups;
  settings: ConnectorSettings;
  call: CallOptions;
}

/**
 * Resolves the lists a contact only summarises, to names, with as few requests as the mapping allows;
 * a list the caller already has (`given`) is not read again.
 */
async function contactExtras(
  contact: IntercomContact,
  ctx: IncomingContext,
  given: Partial<ContactExtras> = {},
): Promise<ContactExtras> {
  const { settings, call } = ctx;
  const mapsField = (field: string) => mapsIncomingField(settings, contact.role, field);
  const extras: ContactExtras = { tags: [], companies: [], ...given };
  if (given.tags === undefined && mapsField('tags') && (contact.tags?.data.length ?? 0) > 0) {
    extras.tags = contact.tags?.has_more
      ? (await ctx.intercom.contactTags(contact.id, call)).map((tag) => tag.name)
      : await ctx.lookups.tagNames(
          contact.tags!.data.map((tag) => tag.id),
          call,
        );
  }
  const companyIds = contact.companies?.data.map((company) => company.id) ?? [];
  const needCompanies = mapsField('companies') || settings.link_users_in_hull;
  if (given.companies === undefined && needCompanies && companyIds.length > 0) {
    if (contact.companies?.has_more) {
      const companies = await ctx.intercom.contactCompanies(contact.id, call);
      for (const company of companies) ctx.lookups.rememberCompany(company.id, company.name);
      extras.companies = companies.flatMap((company) => (company.name ? [company.name] : []));
      extras.companyIds = companies.map((company) => company.id);
    } else {
      extras.companies = await ctx.lookups.companyNames(companyIds, call);
      extras.companyIds = companyIds;
    }
  }
  if (given.segments === undefined && mapsField('segments')) {
    extras.segments = await ctx.intercom.contactSegments(contact.id, call);
  }
  return extras;
}

/**
 * Queues the Hull writes for one contact: its traits and, with link_users_in_hull, its companies.
 * `adjust.claims` replaces the identity claims (e.g. without an email Hull does not know yet).
 */
export async function queueContact(
  batch: FirehoseBatch,
  contact: IntercomContact,
  ctx: IncomingContext,
  adjust: { extras?: Partial<ContactExtras>; traits?: Traits; claims?: UserClaims } = {},
): Promise<HullUserWrite> {
  const extras = await contactExtras(contact, ctx, adjust.extras);
  const write = mapContactToHull(contact, ctx.settings, extras);
  Object.assign(write.traits, adjust.traits);
  if (adjust.claims) write.claims = adjust.claims;
  batch.userTraits(write.claims, write.traits);
  if (ctx.settings.link_users_in_hull) {
    // Every company, not only single-company contacts as Hull's connector did.
    for (const companyId of extras.companyIds ?? []) {
      batch.linkUserToAccount(write.claims, { anonymous_id: companyAnonymousId(companyId) });
    }
  }
  return write;
}

export function queueCompany(
  batch: FirehoseBatch,
  company: IntercomCompany,
  ctx: Pick<IncomingContext, 'settings' | 'lookups'>,
): void {
  const write = mapCompanyToHull(company, ctx.settings);
  batch.accountTraits(write.claims, write.traits);
  ctx.lookups.rememberCompany(company.id, company.name);
}
