/**
 * Contact webhooks end to end (issue 3): signed 2.x notifications from the Intercom simulator → the
 * engine's API → per-contact Temporal workflow → Hull simulator. Users, leads, visitors signing up,
 * deletions/archives and a lead converting to a user, under their 2.x topic names and the table's
 * legacy names.
 */
import { eventually } from '../../helpers/eventually';
import {
  contactRecord,
  emit,
  emitFromChange,
  eventuallyUser,
  group,
  isoSeconds,
  knownContact,
  leadAnonymousId,
  startWebhookHarness,
  userAnonymousId,
  type WebhookHarness,
  expectCleanTraffic,
} from '../../helpers/webhook-harness';
import { webhookPayloads } from '@hull-intercom-sync/intercom-simulator';

describe('contact webhooks', () => {
  let harness: WebhookHarness;

  beforeAll(async () => {
    harness = await startWebhookHarness('webhook-contacts');
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it.each(['contact.user.created', 'user.created'])(
    '%s creates a Hull user in intercom_user/ with its anonymous id and claims',
    async (topic) => {
      const { intercom, hull } = harness;
      const usersBefore = hull.users().length;
      const slug = topic.replace(/\W/g, '-');
      const contact = intercom.createContact(
        {
          role: 'user',
          external_id: `ext-${slug}`,
          email: `ada-${slug}@example.org`,
          name: 'Ada Lovelace',
          phone: '+44 20 7946 0000',
        },
        {
          overrides: {
            location: {
              country: 'United Kingdom',
              region: 'England',
              city: 'London',
              country_code: 'GB',
              continent_code: 'EU',
            },
          },
        },
      );
      const id = String(contact.id);
      await emit(harness, topic, contact);

      const user = await eventuallyUser(hull, userAnonymousId(id));
      expect(user).toMatchObject({ email: `ada-${slug}@example.org`, external_id: `ext-${slug}` });
      expect(user.anonymous_ids).toEqual([userAnonymousId(id)]);
      expect(user.traits.name).toBe('Ada Lovelace');
      expect(group(user.traits, 'intercom_user')).toMatchObject({
        id,
        user_id: `ext-${slug}`,
        email: `ada-${slug}@example.org`,
        role: 'user',
        name: 'Ada Lovelace',
        phone: '+44 20 7946 0000',
        location_city_name: 'London',
        location_country_name: 'United Kingdom',
        created_at: isoSeconds(Number(contact.created_at)),
        unsubscribed_from_emails: false,
        tags: [],
      });
      expect(group(user.traits, 'intercom_user')).not.toHaveProperty('deleted_at');
      expect(group(user.traits, 'intercom_lead')).toEqual({});
      expect(hull.users()).toHaveLength(usersBefore + 1);
      expectCleanTraffic(harness);
    },
  );

  it.each(['contact.lead.created', 'contact.created'])(
    '%s creates a Hull user in intercom_lead/ with is_lead true',
    async (topic) => {
      const { intercom, hull } = harness;
      const slug = topic.replace(/\W/g, '-');
      const contact = intercom.createContact({ role: 'lead', email: `lead-${slug}@example.org`, name: 'Lena Lead' });
      const id = String(contact.id);
      await emit(harness, topic, contact);

      const user = await eventuallyUser(hull, leadAnonymousId(id));
      expect(user).toMatchObject({ email: `lead-${slug}@example.org`, external_id: null });
      expect(user.anonymous_ids).toEqual([leadAnonymousId(id)]);
      expect(group(user.traits, 'intercom_lead')).toMatchObject({
        id,
        is_lead: true,
        role: 'lead',
        email: `lead-${slug}@example.org`,
        name: 'Lena Lead',
      });
      expect(group(user.traits, 'intercom_user')).toEqual({});
      expectCleanTraffic(harness);
    },
  );

  it('visitor.signed_up updates the Hull user who already had that email, instead of creating one', async () => {
    const { intercom, hull } = harness;
    const known = hull.upsertUser({ email: 'visitor@example.org' }, { 'web/visits': 3 });
    const usersBefore = hull.users().length;
    const contact = intercom.createContact({
      role: 'user',
      email: 'visitor@example.org',
      external_id: 'visitor-1',
      name: 'Vic Visitor',
    });
    const id = String(contact.id);
    await emit(harness, 'visitor.signed_up', contact);

    const user = await eventuallyUser(hull, userAnonymousId(id));
    expect(user.id).toBe(known.id);
    expect(user.external_id).toBe('visitor-1');
    expect(user.traits['web/visits']).toBe(3);
    expect(group(user.traits, 'intercom_user')).toMatchObject({ id, email: 'visitor@example.org', role: 'user' });
    expect(hull.users()).toHaveLength(usersBefore);
    expectCleanTraffic(harness);
  });

  describe('deletions', () => {
    it('contact.deleted (minimal payload) marks the user, and user.deleted the lead, deleted in their own group', async () => {
      const { intercom, hull } = harness;
      const user = await knownContact(harness, 'user', 'deleted-user');
      const lead = await knownContact(harness, 'lead', 'deleted-lead');
      const usersBefore = hull.users().length;

      const userItem = webhookPayloads.deletedContactItem(contactRecord(intercom, user.id));
      expect(userItem).toEqual({ type: 'contact', id: user.id, external_id: 'deleted-user', role: 'user' });
      intercom.deleteContact(user.id);
      const userDeletion = await emit(harness, 'contact.deleted', userItem);
      const leadItem = webhookPayloads.deletedContactItem(contactRecord(intercom, lead.id));
      intercom.deleteContact(lead.id);
      const leadDeletion = await emit(harness, 'user.deleted', leadItem);

      const deletedUser = await eventuallyUser(hull, user.anonymousId, (u) =>
        expect(u.traits['intercom_user/deleted_at']).toBe(isoSeconds(userDeletion.notification.created_at)),
      );
      expect(deletedUser.id).toBe(user.hullId);
      expect(deletedUser.traits).not.toHaveProperty('intercom_lead/deleted_at');
      const deletedLead = await eventuallyUser(hull, lead.anonymousId, (u) =>
        expect(u.traits['intercom_lead/deleted_at']).toBe(isoSeconds(leadDeletion.notification.created_at)),
      );
      expect(deletedLead.id).toBe(lead.hullId);
      expect(deletedLead.traits).not.toHaveProperty('intercom_user/deleted_at');
      expect(hull.users()).toHaveLength(usersBefore);
      // Nothing was read from Intercom for a deletion: the contacts are gone there.
      expect(intercom.requestLog.filter((r) => r.path.includes(user.id) || r.path.includes(lead.id))).toEqual([]);
      expectCleanTraffic(harness);
    });

    it('contact.archived (no role in the payload) marks the right group of a user and of a lead', async () => {
      const { intercom, hull } = harness;
      const user = await knownContact(harness, 'user', 'archived-user');
      const lead = await knownContact(harness, 'lead', 'archived-lead');
      const usersBefore = hull.users().length;
      const ignoredBefore = hull.counters.messagesIgnored;

      const deliveries = await emitFromChange(harness, ['contact.archived'], () => {
        intercom.archiveContact(user.id);
        intercom.archiveContact(lead.id);
      });
      expect(deliveries.map((d) => d.notification.data.item)).toEqual([
        { type: 'contact', id: user.id, external_id: 'archived-user', archived: true },
        { type: 'contact', id: lead.id, external_id: null, archived: true },
      ]);
      const [userArchive, leadArchive] = deliveries.map((d) => d.notification);

      const archivedUser = await eventuallyUser(hull, user.anonymousId, (u) =>
        expect(u.traits['intercom_user/deleted_at']).toBe(isoSeconds(userArchive!.created_at)),
      );
      const archivedLead = await eventuallyUser(hull, lead.anonymousId, (u) =>
        expect(u.traits['intercom_lead/deleted_at']).toBe(isoSeconds(leadArchive!.created_at)),
      );
      expect([archivedUser.id, archivedLead.id]).toEqual([user.hullId, lead.hullId]);
      expect(archivedUser.traits).not.toHaveProperty('intercom_lead/deleted_at');
      expect(archivedLead.traits).not.toHaveProperty('intercom_user/deleted_at');
      // The role is unknown, so each deletion also tried the other kind's anonymous id, look-up only.
      await eventually(() => expect(hull.counters.messagesIgnored).toBe(ignoredBefore + 2));
      expect(hull.users()).toHaveLength(usersBefore);
      expectCleanTraffic(harness);
    });

    it('a deletion of a contact Hull never knew creates no profile', async () => {
      const { hull } = harness;
      const usersBefore = hull.users().length;
      const ignoredBefore = hull.counters.messagesIgnored;
      await emit(harness, 'contact.deleted', {
        type: 'contact',
        id: '65f000000000000000000001',
        external_id: 'never-seen',
        role: 'user',
      });
      await emit(harness, 'contact.archived', { type: 'contact', id: '65f000000000000000000002', archived: true });

      // One look-up-only message for the user, two for the role-less archive; none matched.
      await eventually(() => expect(hull.counters.messagesIgnored).toBe(ignoredBefore + 3));
      expect(hull.users()).toHaveLength(usersBefore);
      expect(hull.findUser({ anonymous_id: userAnonymousId('65f000000000000000000001') })).toBeUndefined();
      expect(hull.findUser({ external_id: 'never-seen' })).toBeUndefined();
      expectCleanTraffic(harness);
    });
  });

  it('contact.lead.signed_up turns the lead’s Hull profile into the user’s: both anonymous ids, is_lead false', async () => {
    const { intercom, hull } = harness;
    const lead = intercom.createContact({ role: 'lead', email: 'converting@example.org', name: 'Connie Convert' });
    const id = String(lead.id);
    await emit(harness, 'contact.lead.created', lead);
    const asLead = await eventuallyUser(hull, leadAnonymousId(id));
    const usersBefore = hull.users().length;

    const signedUp = intercom.updateContact(id, { role: 'user', external_id: 'connie-1' });
    expect(signedUp).toMatchObject({ id, role: 'user' });
    await emit(harness, 'contact.lead.signed_up', signedUp);

    const asUser = await eventuallyUser(hull, userAnonymousId(id), (u) =>
      expect(u.anonymous_ids).toContain(leadAnonymousId(id)),
    );
    expect(asUser.id).toBe(asLead.id);
    expect(asUser).toMatchObject({ email: 'converting@example.org', external_id: 'connie-1' });
    expect([...asUser.anonymous_ids].sort()).toEqual([leadAnonymousId(id), userAnonymousId(id)].sort());
    expect(asUser.traits['intercom_lead/is_lead']).toBe(false);
    expect(group(asUser.traits, 'intercom_user')).toMatchObject({
      id,
      role: 'user',
      user_id: 'connie-1',
      email: 'converting@example.org',
    });
    expect(hull.users()).toHaveLength(usersBefore);
    expect(hull.users().filter((u) => u.email === 'converting@example.org')).toHaveLength(1);
    expectCleanTraffic(harness);
  });
});
