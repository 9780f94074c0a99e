/**
 * Tag, email and unsubscribe webhooks end to end (issue 3): the tags trait follows the contact's full
 * tag list in Intercom, "Added Tag"/"Removed Tag" events only for tags that do not mirror a Hull
 * segment, email changes update the email trait on the same profile, a lead adding an email and a
 * contact unsubscribing leave events.
 */
import { eventually } from '../../helpers/eventually';
import {
  contactRecord,
  emit,
  emitFromChange,
  eventsNamed,
  eventuallyUser,
  group,
  isoSeconds,
  knownContact as knownContactIn,
  startWebhookHarness,
  type Delivered,
  type WebhookHarness,
  expectCleanTraffic,
} from '../../helpers/webhook-harness';
import { webhookPayloads } from '@hull-intercom-sync/intercom-simulator';
import type { HullUser } from '@hull-intercom-sync/hull-simulator';

/** The Hull segment whose Intercom tag mirror must not produce tag events (names compare case-insensitively). */
const SEGMENT_NAME = 'Paying Customers';

describe('tag, email and unsubscribe webhooks', () => {
  let harness: WebhookHarness;

  beforeAll(async () => {
    harness = await startWebhookHarness('webhook-tags');
    harness.hull.upsertSegment({ id: '5f1000000000000000000001', name: SEGMENT_NAME, type: 'users_segment' });
  });

  afterAll(async () => {
    await harness?.stop();
  });

  /** Named after itself, as these tests' contacts are. */
  const knownContact = (role: 'user' | 'lead', name: string, withEmail = true) =>
    knownContactIn(harness, role, name, withEmail ? { name } : { name, email: null });

  function expectTagEvent(user: HullUser, delivered: Delivered, name: 'Added Tag' | 'Removed Tag', tag: string) {
    const events = eventsNamed(harness.hull, user.id, name).filter((e) => e.properties.tag === tag);
    expect(events).toHaveLength(1);
    const tagId = (delivered.notification.data.item as { tag: { id: string } }).tag.id;
    expect(events[0]).toMatchObject({
      event_id: `intercom:${delivered.notification.id}`,
      source: 'intercom',
      properties: { topic: delivered.notification.topic, tag, tag_id: tagId },
      created_at: isoSeconds(delivered.notification.created_at),
    });
  }

  describe.each([
    { role: 'user' as const, group: 'intercom_user', created: 'contact.user.tag.created', deleted: 'user.tag.deleted' },
    {
      role: 'lead' as const,
      group: 'intercom_lead',
      created: 'contact.tag.created',
      deleted: 'contact.lead.tag.deleted',
    },
  ])('a $role being tagged and untagged', ({ role, group: attributeGroup, created, deleted }) => {
    it(`${created} / ${deleted}: tags trait from the full tag list, events only for non-segment tags`, async () => {
      const { intercom, hull } = harness;
      const contact = await knownContact(role, `tagged-${role}`);
      const tagsTrait = `${attributeGroup}/tags`;
      const tagItem = (tagId: string) => {
        const tag = intercom.store.tags.get(tagId)!;
        return webhookPayloads.contactTagItem(intercom.store, contactRecord(intercom, contact.id), tag, 1_700_000_000);
      };

      // A tag that is nobody's segment: trait and event.
      const beta = intercom.tagContact(contact.id, 'Beta tester');
      const addedBeta = await emit(harness, created, tagItem(String(beta.id)));
      let user = await eventuallyUser(hull, contact.anonymousId, (u) => {
        expect(u.traits[tagsTrait]).toEqual(['Beta tester']);
        expect(eventsNamed(hull, u.id, 'Added Tag')).toHaveLength(1);
      });
      expectTagEvent(user, addedBeta, 'Added Tag', 'Beta tester');

      // The mirror of a Hull segment (different case): trait only.
      const paying = intercom.tagContact(contact.id, SEGMENT_NAME.toUpperCase());
      await emit(harness, created, tagItem(String(paying.id)));
      user = await eventuallyUser(hull, contact.anonymousId, (u) =>
        expect([...(u.traits[tagsTrait] as string[])].sort()).toEqual(['Beta tester', 'PAYING CUSTOMERS']),
      );
      // Written in the same firehose batch as the trait, so it would be there by now.
      expect(eventsNamed(hull, user.id, 'Added Tag')).toHaveLength(1);

      // Removing both, one notification each: the trait follows Intercom's list; one "Removed Tag".
      intercom.untagContact(contact.id, String(beta.id));
      const removedBeta = await emit(harness, deleted, tagItem(String(beta.id)));
      user = await eventuallyUser(hull, contact.anonymousId, (u) => {
        expect(u.traits[tagsTrait]).toEqual(['PAYING CUSTOMERS']);
        expect(eventsNamed(hull, u.id, 'Removed Tag')).toHaveLength(1);
      });
      expectTagEvent(user, removedBeta, 'Removed Tag', 'Beta tester');
      intercom.untagContact(contact.id, String(paying.id));
      await emit(harness, deleted, tagItem(String(paying.id)));
      user = await eventuallyUser(hull, contact.anonymousId, (u) => expect(u.traits[tagsTrait]).toEqual([]));
      expect(eventsNamed(hull, user.id, 'Removed Tag')).toHaveLength(1);

      expect(user.id).toBe(contact.hullId);
      expect(hull.findUser({ anonymous_id: contact.anonymousId })?.anonymous_ids).toEqual([contact.anonymousId]);
      expectCleanTraffic(harness);
    });
  });

  it('autoWebhooks: tagging in Intercom delivers contact.user.tag.created and Hull gets trait and event', async () => {
    const { intercom, hull } = harness;
    const contact = await knownContact('user', 'auto-tagged');
    const [delivered] = await emitFromChange(harness, ['contact.user.tag.created'], () => {
      intercom.tagContact(contact.id, 'Early adopter');
    });
    expect(delivered?.notification.topic).toBe('contact.user.tag.created');
    const user = await eventuallyUser(hull, contact.anonymousId, (u) => {
      expect(u.traits['intercom_user/tags']).toEqual(['Early adopter']);
      expect(eventsNamed(hull, u.id, 'Added Tag')).toHaveLength(1);
    });
    expectTagEvent(user, delivered!, 'Added Tag', 'Early adopter');
    expectCleanTraffic(harness);
  });

  it('contact.email.updated updates the user’s email trait on the same profile, without an event', async () => {
    const { intercom, hull } = harness;
    const contact = await knownContact('user', 'email-user');
    const usersBefore = hull.users().length;
    const [delivered] = await emitFromChange(harness, ['contact.email.updated'], () => {
      intercom.updateContact(contact.id, { email: 'email-user-new@example.org' });
    });
    expect(delivered?.notification.topic).toBe('contact.email.updated');

    const user = await eventuallyUser(hull, contact.anonymousId, (u) =>
      expect(u.traits['intercom_user/email']).toBe('email-user-new@example.org'),
    );
    expect(user.id).toBe(contact.hullId);
    expect(user.email).toBe('email-user-new@example.org');
    expect(hull.users()).toHaveLength(usersBefore);
    expect(eventsNamed(hull, user.id, 'Updated email address')).toEqual([]);
    expectCleanTraffic(harness);
  });

  it('user.email.updated for a lead (email is its only claim) updates the same profile instead of creating one', async () => {
    const { intercom, hull } = harness;
    const contact = await knownContact('lead', 'email-lead');
    const usersBefore = hull.users().length;
    const changed = intercom.updateContact(contact.id, { email: 'email-lead-new@example.org' });
    await emit(harness, 'user.email.updated', changed);

    const user = await eventuallyUser(hull, contact.anonymousId, (u) =>
      expect(u.traits['intercom_lead/email']).toBe('email-lead-new@example.org'),
    );
    expect(user.id).toBe(contact.hullId);
    // The topic table says "update user": the profile found by its Intercom id takes the new email.
    expect(user.email).toBe('email-lead-new@example.org');
    expect(hull.findUser({ email: 'email-lead-new@example.org' })?.id).toBe(contact.hullId);
    expect(hull.findUser({ email: 'email-lead@example.org' })).toBeUndefined();
    expect(hull.users()).toHaveLength(usersBefore);
    expectCleanTraffic(harness);
  });

  it('contact.lead.added_email: event "Updated email address", email trait and claim on the lead’s profile', async () => {
    const { intercom, hull } = harness;
    const contact = await knownContact('lead', 'anonymous-lead', false);
    const usersBefore = hull.users().length;
    const [delivered] = await emitFromChange(harness, ['contact.lead.added_email'], () => {
      intercom.updateContact(contact.id, { email: 'found-you@example.org' });
    });
    expect(delivered?.notification.topic).toBe('contact.lead.added_email');

    const user = await eventuallyUser(hull, contact.anonymousId, (u) =>
      expect(eventsNamed(hull, u.id, 'Updated email address')).toHaveLength(1),
    );
    expect(user.id).toBe(contact.hullId);
    expect(user.email).toBe('found-you@example.org');
    expect(user.traits['intercom_lead/email']).toBe('found-you@example.org');
    expect(eventsNamed(hull, user.id, 'Updated email address')[0]).toMatchObject({
      event_id: `intercom:${delivered!.notification.id}`,
      source: 'intercom',
      properties: { topic: 'contact.lead.added_email', email: 'found-you@example.org' },
    });
    expect(hull.users()).toHaveLength(usersBefore);
    expectCleanTraffic(harness);
  });

  it('contact.unsubscribed (2.9+ nested item.contact): event and unsubscribed trait on the user', async () => {
    const { intercom, hull } = harness;
    const contact = await knownContact('user', 'unsubscriber');
    const [delivered] = await emitFromChange(harness, ['contact.unsubscribed'], () => {
      intercom.updateContact(contact.id, { unsubscribed_from_emails: true });
    });
    expect(delivered?.notification.data.item).toMatchObject({
      type: 'contact',
      contact: { type: 'contact', id: contact.id, unsubscribed_from_emails: true },
    });

    const user = await eventuallyUser(hull, contact.anonymousId, (u) =>
      expect(eventsNamed(hull, u.id, 'Unsubscribed from emails')).toHaveLength(1),
    );
    expect(user.id).toBe(contact.hullId);
    expect(user.traits['intercom_user/unsubscribed_from_emails']).toBe(true);
    expect(eventsNamed(hull, user.id, 'Unsubscribed from emails')[0]).toMatchObject({
      event_id: `intercom:${delivered!.notification.id}`,
      source: 'intercom',
      properties: { topic: 'contact.unsubscribed' },
      created_at: isoSeconds(delivered!.notification.created_at),
    });
    expectCleanTraffic(harness);
  });

  it('user.unsubscribed for a lead: event and trait land in intercom_lead/ on the lead’s profile', async () => {
    const { intercom, hull } = harness;
    const contact = await knownContact('lead', 'unsubscribing-lead');
    intercom.updateContact(contact.id, { unsubscribed_from_emails: true });
    await emit(
      harness,
      'user.unsubscribed',
      webhookPayloads.unsubscribedContactItem(intercom.store, contactRecord(intercom, contact.id)),
    );

    const user = await eventuallyUser(hull, contact.anonymousId, (u) =>
      expect(eventsNamed(hull, u.id, 'Unsubscribed from emails')).toHaveLength(1),
    );
    expect(user.id).toBe(contact.hullId);
    expect(group(user.traits, 'intercom_lead')).toMatchObject({ unsubscribed_from_emails: true });
    expect(group(user.traits, 'intercom_user')).toEqual({});
    await eventually(() =>
      expect(hull.users().filter((u) => u.anonymous_ids.includes(contact.anonymousId))).toHaveLength(1),
    );
    expectCleanTraffic(harness);
  });
});
