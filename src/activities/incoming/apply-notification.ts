import { Context } from '@temporalio/activity';
import { activityCall } from '../call-options';
import type { UserClaims } from '../../hull/claims';
import type { FirehoseBatch, Traits } from '../../hull/firehose-batch';
import { isGoneError } from '../../intercom/errors';
import { contactSchema, companySchema } from '../../intercom/schemas';
import { contactClaims, mapsIncomingField } from '../../sync/incoming/contact-to-hull';
import { attributeGroup, contactAnonymousId, type ContactRole } from '../../sync/incoming/identity';
import { unixToIso } from '../../sync/incoming/values';
import { hullConversationProperties, type EntityNotification } from '../../sync/incoming/webhook-notification';
import type { ActivityDeps } from '../deps';
import { queueCompany, queueContact, type IncomingContext } from './contact-writes';

export interface NotificationOutcome {
  applied: string;
  /** `updated_at` of the contact or company written, so the next notification can be checked against it. */
  updatedAt?: number;
}

export interface ApplyOptions {
  /** `updated_at` of the last snapshot written for this entity: an older delivered payload is re-read. */
  notOlderThan?: number;
}

/** Per-notification state: the freshness floor in, the written snapshot's `updated_at` out. */
interface Freshness {
  notOlderThan?: number;
  updatedAt?: number;
}

/**
 * Applies one Intercom webhook notification to Hull, as the connector's topic table says. Contact
 * and company payloads are used as delivered when they are complete 2.x records, and re-read otherwise
 * (also when the API carried only a reference to a record too large to hand over); tag
 * topics always re-read the contact's tags, since the event is about them. Intercom does not deliver
 * in order: a payload older than the snapshot already written is re-read instead of overwriting newer
 * data with stale (the entity workflow passes that snapshot's `updated_at`). Events carry the
 * notification id as event_id, so a redelivery overwrites instead of adding a second event.
 */
export function createNotificationActivities(deps: ActivityDeps) {
  const { intercom, lookups, hull, settings: settingsProvider } = deps;
  let segmentNames: { names: Set<string>; expiresAt: number } | undefined;

  async function hullSegmentNames(): Promise<Set<string>> {
    if (segmentNames === undefined || segmentNames.expiresAt < Date.now()) {
      const segments = await hull.userSegments();
      segmentNames = {
        names: new Set(segments.map((s) => s.name.trim().toLowerCase())),
        expiresAt: Date.now() + 60_000,
      };
    }
    return segmentNames.names;
  }

  const isStale = (updatedAt: number | null | undefined, freshness: Freshness) =>
    freshness.notOlderThan !== undefined && updatedAt != null && updatedAt < freshness.notOlderThan;

  async function contactFrom(n: EntityNotification, ctx: IncomingContext, freshness: Freshness) {
    const delivered = contactSchema.safeParse(n.contact);
    const contact =
      n.reread !== true && delivered.success && !isStale(delivered.data.updated_at, freshness)
        ? delivered.data
        : await intercom.getContact(String(n.contact?.id), ctx.call);
    freshness.updatedAt = contact.updated_at;
    return contact;
  }

  async function companyFrom(n: EntityNotification, ctx: IncomingContext, freshness: Freshness) {
    // A reference (the payload was too large to carry) or an unreadable payload is read from Intercom.
    const delivered = companySchema.safeParse(n.company);
    const company =
      n.reread !== true && delivered.success && !isStale(delivered.data.updated_at, freshness)
        ? delivered.data
        : await intercom.getCompany(n.entityId ?? String(n.company?.id), ctx.call);
    freshness.updatedAt = company.updated_at ?? undefined;
    return company;
  }

  function track(
    batch: FirehoseBatch,
    claims: UserClaims,
    n: EntityNotification,
    event: string,
    properties: Record<string, unknown>,
    occurredAt = n.createdAt,
  ) {
    batch.track(claims, {
      event,
      properties: { topic: n.topic, ...properties },
      eventId: `intercom:${n.id}`,
      createdAt: unixToIso(occurredAt),
      source: 'intercom',
      type: n.action.kind === 'conversation-event' ? 'conversation' : 'contact',
    });
  }

  /** Marks the contact deleted: in its role's group when known, else in whichever profile carries either id. */
  function queueDeletion(batch: FirehoseBatch, n: EntityNotification) {
    const id = String(n.contact?.id);
    const rawRole = n.contact?.role;
    const role: ContactRole | undefined = rawRole === 'user' || rawRole === 'lead' ? rawRole : undefined;
    for (const candidate of role ? [role] : (['user', 'lead'] as const)) {
      // create: false: look up only, so a deletion never creates a profile for someone Hull never knew.
      batch.userTraits(
        { anonymous_id: contactAnonymousId(candidate, id) },
        { [`${attributeGroup(candidate)}/deleted_at`]: unixToIso(n.createdAt) },
        { create: false },
      );
    }
    return role ? `marked the ${role} deleted` : 'marked deleted (role not in the payload: user and lead ids tried)';
  }

  async function apply(
    n: EntityNotification,
    batch: FirehoseBatch,
    ctx: IncomingContext,
    freshness: Freshness,
  ): Promise<string> {
    const { action } = n;
    switch (action.kind) {
      case 'delete-contact':
        return queueDeletion(batch, n);
      case 'upsert-company':
        queueCompany(batch, await companyFrom(n, ctx, freshness), ctx);
        return 'company written to its Hull account';
      case 'conversation-event': {
        const contact = await lookups.contact(n.entityId ?? '', ctx.call);
        const event = n.event!;
        const assigneeId = event.properties.assignee_id;
        const assignee = typeof assigneeId === 'string' ? await lookups.admin(assigneeId, ctx.call) : undefined;
        const properties = hullConversationProperties(n.tableTopic, event.properties, assignee);
        track(batch, contactClaims(contact, ctx.settings), n, event.name, properties, event.occurredAt);
        return `event "${event.name}" tracked on the ${contact.role}`;
      }
      case 'lead-signed-up': {
        const contact = await contactFrom(n, ctx, freshness);
        // Same Intercom id, role now user: resolve the Hull profile through the lead's anonymous id,
        // write the user group, and alias the user id onto the same profile.
        const leadClaims: UserClaims = {
          ...contactClaims(contact, ctx.settings),
          anonymous_id: contactAnonymousId('lead', contact.id),
        };
        const written = await queueContact(batch, { ...contact, role: 'user' }, ctx, {
          traits: { 'intercom_lead/is_lead': false },
        });
        batch.alias(leadClaims, written.claims.anonymous_id!);
        return 'lead converted to a user in Hull';
      }
      case 'tag-contact': {
        const contact = await contactFrom(n, ctx, freshness);
        // The event is about the tags: read the full list fresh (the payload's may predate the change).
        const tags = mapsIncomingField(ctx.settings, contact.role, 'tags')
          ? (await intercom.contactTags(contact.id, ctx.call)).map((tag) => tag.name)
          : undefined;
        const written = await queueContact(batch, contact, ctx, { extras: { tags } });
        const tagName = n.tag?.name;
        if (tagName !== undefined && !(await hullSegmentNames()).has(tagName.trim().toLowerCase())) {
          track(batch, written.claims, n, action.event, { tag: tagName, tag_id: n.tag?.id });
          return `tags updated, event "${action.event}"`;
        }
        return 'tags updated (the tag mirrors a Hull segment: no event)';
      }
      case 'email-contact':
      case 'unsubscribe-contact': {
        const contact = await contactFrom(n, ctx, freshness);
        const group = attributeGroup(contact.role);
        const extraTraits: Traits =
          action.kind === 'unsubscribe-contact'
            ? { [`${group}/unsubscribed_from_emails`]: true }
            : { [`${group}/email`]: contact.email ?? null };
        let claims: UserClaims | undefined;
        if (action.kind === 'email-contact') {
          // The payload carries the new email, which Hull does not know yet: claimed, it would resolve to
          // nobody (or to someone else) and split the profile. Identify the profile by the Intercom id
          // (and external_id) instead, then give the profile its new email ("update the user's email").
          const { email: _newEmail, ...withoutEmail } = contactClaims(contact, ctx.settings);
          claims = withoutEmail;
          if (contact.email) extraTraits.email = contact.email;
        }
        const written = await queueContact(batch, contact, ctx, { traits: extraTraits, claims });
        if (action.event !== undefined)
          track(batch, written.claims, n, action.event, { email: contact.email ?? undefined });
        return action.event === undefined ? 'email updated' : `contact updated, event "${action.event}"`;
      }
      case 'upsert-contact': {
        const contact = await contactFrom(n, ctx, freshness);
        await queueContact(batch, contact, ctx);
        return `${contact.role} written to Hull`;
      }
    }
  }

  return {
    async applyIntercomNotification(n: EntityNotification, options: ApplyOptions = {}): Promise<NotificationOutcome> {
      const context = Context.current();
      const settings = await settingsProvider.current();
      const ctx: IncomingContext = {
        intercom,
        lookups,
        settings,
        call: activityCall('live'),
      };
      const batch = hull.batch();
      const freshness: Freshness = { notOlderThan: options.notOlderThan };
      try {
        const applied = await apply(n, batch, ctx, freshness);
        await batch.flush(context.cancellationSignal);
        return { applied, updatedAt: freshness.updatedAt };
      } catch (error) {
        // A contact deleted or merged away before we read it: nothing left to write.
        if (isGoneError(error)) {
          return {
            applied: `skipped: the contact is gone from Intercom (${error.details.status} ${error.details.code ?? ''})`,
          };
        }
        throw error;
      }
    },
  };
}
