import type { CallOptions, IntercomClient } from '../../intercom/client';
import { IntercomRequestError } from '../../intercom/errors';
import type { IntercomLookups } from '../../intercom/lookups';
import type { IntercomDataAttribute } from '../../intercom/schemas';
import {
  planDataAttributes,
  type ContactFields,
  type ExistingDataAttribute,
  type IntercomModel,
} from '../../sync/outgoing';
import { customAttributePath } from '../../sync/outgoing/intercom-fields';

/** GET /data_attributes entries as the planner reads them. */
export const asExisting = (attributes: IntercomDataAttribute[]): ExistingDataAttribute[] =>
  attributes.map((a) => ({
    name: a.name,
    model: a.model === 'company' ? 'company' : 'contact',
    data_type: a.data_type,
    archived: a.archived ?? false,
    custom: a.custom ?? true,
  }));

/**
 * Custom attributes must exist in Intercom before a write uses them (API 2.x). Creates the missing
 * ones with the inferred type, from a cached list (not one listing per record). Another worker may
 * create the same attribute at the same moment: a refused creation re-reads the list once.
 */
export async function ensureDataAttributes(
  intercom: IntercomClient,
  lookups: IntercomLookups,
  fields: ContactFields,
  model: IntercomModel,
  call: CallOptions,
): Promise<{ fields: ContactFields; notes: string[]; created: string[] }> {
  const both = async (refresh: boolean) => [
    ...(await lookups.dataAttributes('contact', call, refresh)),
    ...(await lookups.dataAttributes('company', call, refresh)),
  ];
  let plan = planDataAttributes(fields, asExisting(await both(false)), model);
  if (plan.create.length === 0) return { fields: plan.coerced, notes: plan.notes, created: [] };

  const created: string[] = [];
  let refused = false;
  for (const attribute of plan.create) {
    try {
      await lookups.createDataAttribute(attribute, call);
      created.push(attribute.name);
    } catch (error) {
      if (!(error instanceof IntercomRequestError) || ![400, 409, 422].includes(error.details.status ?? 0)) throw error;
      refused = true;
    }
  }
  // Re-plan against what exists now: our creations, and any made concurrently elsewhere.
  plan = planDataAttributes(fields, asExisting(await both(refused)), model);
  const unresolved = plan.create.map(
    (a) => `custom attribute ${a.name} could not be created in Intercom; the field was not sent`,
  );
  const uncreated = new Set(plan.create.map((a) => customAttributePath(a.name)));
  const coerced = Object.fromEntries(Object.entries(plan.coerced).filter(([path]) => !uncreated.has(path)));
  return { fields: coerced, notes: [...plan.notes, ...unresolved], created };
}
