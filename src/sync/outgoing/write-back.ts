/**
 * What goes back to Hull after a write to Intercom, as Hull's connector wrote it, from the write's own
 * answer (no extra request): the record through the role's incoming mapping (`intercom_user/` or
 * `intercom_lead/`; `intercom/` for a company), its id, the identity claims, and the anonymous id
 * (`intercom-user:user-<id>`, `intercom-lead:lead-<id>`, `intercom:<id>`) that webhooks and fetches
 * resolve the profile by. Without that alias a webhook about the contact could create a second profile.
 *
 * The answer of a contact write holds tags and companies as ids only and no segments: resolving them
 * would cost requests, and the answer predates the tags the write applies next, so those mapped
 * attributes are left to the incoming sync. A company's answer names its tags, and the tags the write
 * applied afterwards are known: the write-back carries the list as it is after the write.
 */
import type { ConnectorSettings } from '../../config/connector-settings';
import type { Traits } from '../../hull/firehose-batch';
import type { IntercomCompany, IntercomContact } from '../../intercom/schemas';
import { mapCompanyToHull, type HullAccountWrite } from '../incoming/company-to-hull';
import { mapContactToHull, type HullUserWrite } from '../incoming/contact-to-hull';
import { readPath } from '../incoming/values';
import type { ContactFields } from './contact-payload';
import type { Fingerprint } from './diff';
import { canonicalJson, shortHash } from './hash';

/** The Hull write for a contact Intercom just answered a write with, on the profile `hullUserId`. */
export function contactWriteBack(
  record: IntercomContact,
  settings: ConnectorSettings,
  hullUserId: string,
): HullUserWrite {
  const write = mapContactToHull(record, settings, {});
  return { claims: { ...write.claims, id: hullUserId }, traits: write.traits };
}

/** The Hull write for a company Intercom just answered a write with; `tags` as they are after the write. */
export function companyWriteBack(
  record: IntercomCompany,
  settings: ConnectorSettings,
  hullAccountId: string,
  tags: string[],
): HullAccountWrite {
  const write = mapCompanyToHull(record, settings, tags);
  return { claims: { ...write.claims, id: hullAccountId }, traits: write.traits };
}

const isEmpty = (value: unknown): boolean => value === null || value === undefined || value === '';

/** A profile as Hull will hold it once `traits` are applied (`setIfNull` only fills a blank). */
export function withTraitsApplied<P extends Record<string, unknown>>(profile: P, traits: Traits): P {
  const next: Record<string, unknown> = { ...profile };
  for (const [name, value] of Object.entries(traits)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      if (value.operation === 'setIfNull' && !isEmpty(next[name])) continue;
      next[name] = value.value;
    } else {
      next[name] = value;
    }
  }
  return next as P;
}

/**
 * The fingerprint to store with a write-back, so that the write-back's own Hull notification finds
 * nothing to send. The write-back can change a Hull attribute an outgoing mapping reads (typically
 * `name`, filled from Intercom's when Hull had none); the field built from it then holds exactly what
 * Intercom holds, and is recorded as written. `before` and `after` are the outgoing fields built from
 * the profile without and with the write-back applied; a field whose new value differs from the
 * record's is left alone, so a real difference is still sent.
 */
export function fingerprintWithWriteBack(
  fingerprint: Fingerprint,
  before: ContactFields,
  after: ContactFields,
  record: Record<string, unknown>,
): Fingerprint {
  const result: Fingerprint = { ...fingerprint };
  for (const [path, value] of Object.entries(after)) {
    if (value === null || canonicalJson(value) === canonicalJson(before[path] ?? null)) continue;
    const held = readPath(record, path);
    if (held.found && canonicalJson(held.value) === canonicalJson(value)) result[path] = shortHash(value);
  }
  return result;
}
