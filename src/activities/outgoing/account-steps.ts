/**
 * The steps of writing one Hull account to Intercom as a company, each a plain function of the
 * clients, so each can be tested alone: plan (fields, data attributes, what changed, tags), write
 * (POST /companies upserts by `company_id`, then the tags), and the write-back to Hull.
 */
import type { ConnectorSettings } from '../../config/connector-settings';
import type { HullClient } from '../../hull/client';
import type { AccountUpdateMessage } from '../../hull/notifications';
import type { CallOptions, IntercomClient } from '../../intercom/client';
import type { IntercomLookups } from '../../intercom/lookups';
import type { CompanySyncState, PendingAccountUpdate } from '../../shared/outgoing';
import type { IntercomCompany } from '../../intercom/schemas';
import { COMPANY_GROUP, companyAnonymousId } from '../../sync/incoming/identity';
import { listNames } from '../../sync/incoming/values';
import {
  appliedTagsAfter,
  buildCompanyFields,
  changedFields,
  companyTagChanges,
  parseFingerprint,
  serializeFingerprint,
  toIntercomBody,
  withKnownTags,
  type ContactFields,
  type Fingerprint,
  type TagChanges,
} from '../../sync/outgoing';
import { companyWriteBack, fingerprintWithWriteBack, withTraitsApplied } from '../../sync/outgoing/write-back';
import { readString } from '../../sync/outgoing/hull-values';
import { ensureDataAttributes } from './ensure-data-attributes';

export const COMPANY_FINGERPRINT_ATTRIBUTE = `${COMPANY_GROUP}/sync_fingerprint`;

export interface AccountStepClients {
  intercom: IntercomClient;
  lookups: IntercomLookups;
  hull: HullClient;
}

/** What the write of one account will send, decided before any write. */
export interface AccountPlan {
  message: AccountUpdateMessage;
  companyId: string | undefined;
  /** The company id stored on the Hull account by an earlier write, if any. */
  storedId: string | undefined;
  /** Hash per field of what was last sent to that company. */
  previous: Record<string, string> | undefined;
  changes: ContactFields;
  /** Managed tags known to be on the company (workflow state), if the state describes it. */
  knownTags: string[] | undefined;
  tags: TagChanges;
  notes: string[];
}

export async function planAccountWrite(
  { intercom, lookups }: AccountStepClients,
  update: PendingAccountUpdate,
  state: CompanySyncState,
  settings: ConnectorSettings,
  call: CallOptions,
  options: { createAttributes?: boolean } = {},
): Promise<AccountPlan> {
  const { message } = update;
  const built = buildCompanyFields(message.account, settings);
  // A dry run (outgoing_dry_run) plans with the fields as built: it creates no data attribute.
  const ensured =
    options.createAttributes === false
      ? { fields: built.fields, notes: [] }
      : await ensureDataAttributes(intercom, lookups, built.fields, 'company', call);
  const storedId = readString(message.account, `${COMPANY_GROUP}/id`);
  // The workflow's state describes this company only while the profile still names the same one.
  const stateApplies = state.intercomId !== undefined && state.intercomId === storedId;
  const previous = stateApplies
    ? state.fingerprint
    : storedId !== undefined
      ? parseFingerprint(message.account[COMPANY_FINGERPRINT_ATTRIBUTE])
      : undefined;
  const knownTags = stateApplies ? state.tags : undefined;
  const account = withKnownTags(message.account, `${COMPANY_GROUP}/tags`, knownTags);
  const tags = companyTagChanges({ ...message, account }, settings, {
    isNewCompany: storedId === undefined,
    organisationSegments: update.organisationSegments,
  });
  return {
    message,
    companyId: built.companyId,
    storedId,
    previous,
    changes: changedFields(ensured.fields, previous),
    knownTags,
    tags,
    notes: [...built.notes, ...ensured.notes],
  };
}

/** Nothing to send: the company exists, no field changed and no tag moves. */
export const planIsUnchanged = (plan: AccountPlan): boolean =>
  Object.keys(plan.changes).length === 0 &&
  plan.storedId !== undefined &&
  plan.tags.add.length + plan.tags.remove.length === 0;

/** What `writeCompany` would send, in words (the outgoing_dry_run setting). */
export function describeAccountPlan(plan: AccountPlan): string {
  const names = Object.keys(plan.changes);
  const write =
    plan.storedId === undefined
      ? `would upsert company ${plan.companyId ?? '?'} with ${names.join(', ') || 'no mapped fields'}`
      : names.length === 0
        ? `would leave company ${plan.storedId} as it is`
        : `would update company ${plan.storedId}: ${names.join(', ')}`;
  const tags = [...plan.tags.add.map((name) => `+${name}`), ...plan.tags.remove.map((name) => `-${name}`)];
  return tags.length === 0 ? write : `${write}; tags ${tags.join(' ')}`;
}

/**
 * Upserts the company with the changed fields (and company_id, always), then moves its tags. Returns
 * Intercom's answer to the upsert, for the write-back.
 */
export async function writeCompany(
  { intercom }: AccountStepClients,
  plan: AccountPlan,
  call: CallOptions,
): Promise<IntercomCompany> {
  const company = await intercom.upsertCompany({ company_id: plan.companyId, ...toIntercomBody(plan.changes) }, call);
  for (const name of plan.tags.add) await intercom.tagCompany(name, company.id, false, call);
  for (const name of plan.tags.remove) await intercom.tagCompany(name, company.id, true, call);
  return company;
}

/**
 * Writes back to the Hull account after the upsert, from its answer: the company through
 * `incoming_account_attributes` (its tags as they are after the write) with its claims and the
 * anonymous id `intercom:<id>`, the Intercom id and what was sent. Returns the fingerprint stored,
 * which also covers what the write-back changes (write-back.ts), so its own notification sends nothing.
 */
export async function storeAccountBack(
  { hull }: AccountStepClients,
  plan: AccountPlan,
  settings: ConnectorSettings,
  company: IntercomCompany,
  fingerprint: Fingerprint,
  signal: AbortSignal | undefined,
): Promise<Fingerprint> {
  const { account } = plan.message;
  const tags = appliedTagsAfter(listNames(company.tags) ?? [], plan.tags, false);
  const back = companyWriteBack(company, settings, account.id ?? '', tags);
  const stored = fingerprintWithWriteBack(
    fingerprint,
    buildCompanyFields(account, settings).fields,
    buildCompanyFields(withTraitsApplied(account, back.traits), settings).fields,
    company,
  );
  back.traits[`${COMPANY_GROUP}/id`] = company.id;
  back.traits[COMPANY_FINGERPRINT_ATTRIBUTE] = serializeFingerprint(stored);
  const batch = hull.batch();
  batch.accountTraits(back.claims, back.traits);
  const anonymousId = companyAnonymousId(company.id);
  const ids = account.anonymous_ids;
  const aliased = Array.isArray(ids) && ids.includes(anonymousId);
  if (!aliased && account.id !== undefined) batch.accountAlias({ id: account.id }, anonymousId);
  await batch.flush(signal);
  return stored;
}
