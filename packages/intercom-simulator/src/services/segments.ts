/**
 * Segments are read-only in the API; their membership rules are stored in the search query language and
 * evaluated on demand, so `segment_id` search filters, GET /contacts/{id}/segments and segment counts
 * always agree with the data.
 */
import type { SimulatorContext } from '../context';
import type { ContactRecord, SegmentRecord } from '../records';
import { compileContactQuery, type ContactPredicate, type QueryEnvironment } from '../search';

const compiled = new WeakMap<SegmentRecord, ContactPredicate>();

export function queryEnvironment(ctx: SimulatorContext): QueryEnvironment {
  return {
    store: ctx.store,
    timezone: ctx.options.timezone,
    segmentPredicate: (segmentId) => {
      const segment = ctx.store.segments.get(segmentId);
      return segment ? segmentPredicate(ctx, segment) : undefined;
    },
  };
}

/** Membership test: the segment's rule, restricted to its person type ('user' = users, 'contact' = leads). */
export function segmentPredicate(ctx: SimulatorContext, segment: SegmentRecord): ContactPredicate {
  if (segment.company_ids !== undefined) return () => false;
  let predicate = compiled.get(segment);
  if (!predicate) {
    const rule = compileContactQuery(segment.query, queryEnvironment(ctx));
    const role = segment.person_type === 'user' ? 'user' : 'lead';
    predicate = (contact) => contact.role === role && !contact.archived && rule(contact);
    compiled.set(segment, predicate);
  }
  return predicate;
}

export function segmentsOfContact(ctx: SimulatorContext, contact: ContactRecord): SegmentRecord[] {
  return [...ctx.store.segments.values()].filter((segment) => segmentPredicate(ctx, segment)(contact));
}

/** The segments a company is in (company segments hold their members explicitly). */
export function segmentsOfCompany(ctx: SimulatorContext, companyId: string): SegmentRecord[] {
  return [...ctx.store.segments.values()].filter((segment) => segment.company_ids?.includes(companyId) ?? false);
}

/** The contact segments, the ones GET /segments lists. */
export const contactSegments = (ctx: SimulatorContext): SegmentRecord[] =>
  [...ctx.store.segments.values()].filter((segment) => segment.company_ids === undefined);

export function segmentCount(ctx: SimulatorContext, segment: SegmentRecord): number {
  const inSegment = segmentPredicate(ctx, segment);
  let count = 0;
  for (const contact of ctx.store.contacts.values()) if (inSegment(contact)) count += 1;
  return count;
}
