/**
 * The twelve conversation topics end to end (issue 3): each becomes one Hull event, named as in the
 * topic table, on the Hull profile of the conversation's contact (user or lead), with the
 * conversation's id and link, the message as text, author, assignee and added tags. The event id is
 * the notification's, so applying the same notification again overwrites instead of adding.
 * The properties Hull's own connector set are there under its names (issue 9): `link`, `initiated`,
 * `assignee_id`/`_name`/`_email` (the name and email from one read of Intercom's admins for many
 * events), `to` and `admin` on assignments, the opening message on a part tag, the redaction marker.
 */
import type { ConversationPartRecord, ConversationRecord } from '@hull-intercom-sync/intercom-simulator';
import type { HullEvent } from '@hull-intercom-sync/hull-simulator';
import { eventually } from '../../helpers/eventually';
import {
  APP_ID,
  expectCleanTraffic,
  contactWorkflowId,
  conversationPayload,
  emit,
  eventsNamed,
  eventuallyUser,
  isoSeconds,
  leadAnonymousId,
  postRaw,
  saveConversation,
  startWebhookHarness,
  userAnonymousId,
  type Delivered,
  type WebhookHarness,
} from '../../helpers/webhook-harness';

const T0 = 1_717_000_000;
const link = (id: string) => `https://app.intercom.com/a/apps/${APP_ID}/inbox/inbox/all/conversations/${id}`;

describe('conversation webhooks', () => {
  let harness: WebhookHarness;
  let admin: { id: string; name: string; email: string };
  const user = { id: '', hullId: '' };
  const lead = { id: '', hullId: '' };

  beforeAll(async () => {
    harness = await startWebhookHarness('webhook-conversations');
    const { intercom, hull } = harness;
    const adminRecord = intercom.store.admins.get(intercom.store.meAdminId)!;
    admin = { id: adminRecord.id, name: adminRecord.name, email: adminRecord.email };
    const userContact = intercom.createContact({
      role: 'user',
      email: 'talker@example.org',
      external_id: 'talker-1',
      name: 'Tess Talker',
    });
    const leadContact = intercom.createContact({ role: 'lead', email: 'curious@example.org', name: 'Cory Curious' });
    user.id = String(userContact.id);
    lead.id = String(leadContact.id);
    await emit(harness, 'contact.user.created', userContact);
    await emit(harness, 'contact.lead.created', leadContact);
    user.hullId = (await eventuallyUser(hull, userAnonymousId(user.id))).id;
    lead.hullId = (await eventuallyUser(hull, leadAnonymousId(lead.id))).id;
  });

  afterAll(async () => {
    await harness?.stop();
  });

  let partSeq = 0;
  const part = (
    partType: ConversationPartRecord['part_type'],
    author: 'admin' | 'user',
    body: string | null,
    assignedTo: string | null = null,
    adminId = admin.id,
  ): ConversationPartRecord => {
    partSeq += 1;
    return {
      id: String(50_000 + partSeq),
      part_type: partType,
      body,
      created_at: T0 + partSeq * 60,
      author: author === 'admin' ? { type: 'admin', id: adminId } : { type: 'user', id: user.id },
      assigned_to: assignedTo,
    };
  };

  function conversation(id: string, contactId: string, initiatedBy: 'user' | 'admin'): ConversationRecord {
    return saveConversation(harness.intercom, {
      id,
      title: null,
      created_at: T0,
      state: 'open',
      admin_assignee_id: 0,
      contact_ids: [contactId],
      tag_ids: [],
      source: {
        type: 'conversation',
        delivered_as: initiatedBy === 'user' ? 'customer_initiated' : 'admin_initiated',
        subject: initiatedBy === 'user' ? 'Billing question' : 'Welcome aboard',
        body:
          initiatedBy === 'user'
            ? '<p>I was charged <b>twice</b> &amp; need help</p>'
            : '<p>Hello from support,<br>how can we help?</p>',
        author: initiatedBy === 'user' ? { type: 'user', id: contactId } : { type: 'admin', id: admin.id },
      },
      parts: [],
    });
  }

  it('each of the twelve topics becomes its event, with its properties, on the user; a repeat changes nothing', async () => {
    const { intercom, hull } = harness;
    const billing = conversation('7001', user.id, 'user');
    const refundTag = intercom.tagContact(lead.id, 'Refund'); // any contact: only the tag is needed
    const oldTag = intercom.tagContact(lead.id, 'Billing');
    const sent: Array<{ delivered: Delivered; event: string; properties: Record<string, unknown>; at: number }> = [];
    const send = async (
      topic: string,
      event: string,
      parts: ConversationPartRecord[],
      properties: Record<string, unknown>,
      extra: Parameters<typeof conversationPayload>[3] = {},
      subject: ConversationRecord = billing,
    ) => {
      const delivered = await emit(harness, topic, conversationPayload(intercom, subject, parts, extra));
      const at = parts.at(-1)?.created_at ?? delivered.notification.created_at;
      sent.push({ delivered, event, properties: { topic, ...properties }, at });
    };
    const conversationProps = { conversation_id: '7001', conversation_link: link('7001'), link: link('7001') };
    const byAdmin = { author_type: 'admin', author_id: admin.id, author_name: admin.name, initiated: 'admin' };
    const assignee = { assignee_id: admin.id, assignee_name: admin.name, assignee_email: admin.email };

    await send('conversation.user.created', 'User started conversation', [], {
      ...conversationProps,
      state: 'open',
      subject: 'Billing question',
      message: 'I was charged twice & need help',
      author_type: 'user',
      author_id: user.id,
      author_name: 'Tess Talker',
      author_email: 'talker@example.org',
      initiated: 'user',
    });
    billing.admin_assignee_id = Number(admin.id);
    await send(
      'conversation.admin.assigned',
      'Admin assigned conversation',
      [part('assignment', 'admin', null, admin.id)],
      {
        ...conversationProps,
        ...byAdmin,
        ...assignee,
        part_type: 'assignment',
        assigned_to_id: admin.id,
        to: admin.id,
        admin: admin.id,
      },
    );
    await send(
      'conversation.admin.replied',
      'Admin replied to conversation',
      [part('comment', 'admin', '<p>We are on it.</p>')],
      {
        ...conversationProps,
        ...byAdmin,
        ...assignee,
        message: 'We are on it.',
        part_type: 'comment',
      },
    );
    await send(
      'conversation.user.replied',
      'User replied to conversation',
      [part('comment', 'user', '<p>Thanks!</p>')],
      {
        ...conversationProps,
        ...assignee,
        message: 'Thanks!',
        author_type: 'user',
        author_id: user.id,
        initiated: 'user',
      },
    );
    await send(
      'conversation.admin.noted',
      'Admin added note to conversation',
      [part('note', 'admin', '<p>Refund &lt;50€&gt; approved</p>')],
      {
        ...conversationProps,
        ...byAdmin,
        ...assignee,
        message: 'Refund <50€> approved',
        note: 'Refund <50€> approved',
        author: admin.name,
        part_type: 'note',
      },
    );
    billing.state = 'snoozed';
    await send(
      'conversation.admin.snoozed',
      'Admin snoozed conversation',
      [part('comment', 'admin', null)],
      { ...conversationProps, ...byAdmin, ...assignee, state: 'snoozed', part_type: 'snoozed' },
      { partType: 'snoozed' },
    );
    billing.state = 'open';
    await send(
      'conversation.admin.unsnoozed',
      'Admin unsnoozed conversation',
      [part('comment', 'admin', null)],
      { ...conversationProps, ...byAdmin, ...assignee, state: 'open', part_type: 'unsnoozed' },
      { partType: 'unsnoozed' },
    );
    billing.tag_ids = [String(oldTag.id), String(refundTag.id)];
    await send(
      'conversation_part.tag.created',
      'Conversation Part Tag Added',
      [part('comment', 'admin', '<p>Tagging this one</p>')],
      {
        ...conversationProps,
        ...assignee,
        tags_added: ['Refund'],
        // The conversation's opening message, as Hull's connector sent it, and who wrote it.
        message: 'I was charged twice & need help',
        author_type: 'user',
        initiated: 'user',
      },
      { fields: { tags_added: { type: 'tag.list', tags: [{ type: 'tag', id: refundTag.id, name: 'Refund' }] } } },
    );
    await send(
      'conversation_part.redacted',
      'Conversation Part Redacted',
      // Intercom replaces a redacted part's body by its marker before it notifies.
      [part('comment', 'user', '<p><i>This message was deleted</i></p>')],
      {
        ...conversationProps,
        ...assignee,
        author_type: 'user',
        message: 'This message was deleted',
        initiated: 'user',
      },
    );
    billing.state = 'closed';
    await send(
      'conversation.admin.closed',
      'Admin closed conversation',
      [part('close', 'admin', '<p>Closing, thanks!</p>')],
      {
        ...conversationProps,
        ...byAdmin,
        ...assignee,
        state: 'closed',
        message: 'Closing, thanks!',
        part_type: 'close',
        admin: admin.id,
      },
    );
    billing.state = 'open';
    await send('conversation.admin.opened', 'Admin opened conversation', [part('open', 'admin', null)], {
      ...conversationProps,
      ...byAdmin,
      ...assignee,
      state: 'open',
      part_type: 'open',
      admin: admin.id,
    });
    const welcome = conversation('7002', user.id, 'admin');
    await send(
      'conversation.admin.single.created',
      'Admin started conversation',
      [],
      {
        conversation_id: '7002',
        conversation_link: link('7002'),
        link: link('7002'),
        subject: 'Welcome aboard',
        message: 'Hello from support,\nhow can we help?',
        ...byAdmin,
      },
      {},
      welcome,
    );
    expect(sent).toHaveLength(12);

    const events = await eventually(() => {
      const all = hull.eventsOf(user.hullId);
      expect(all).toHaveLength(12);
      return all;
    });
    for (const { delivered, event, properties, at } of sent) {
      const stored = events.find((e) => e.event_id === `intercom:${delivered.notification.id}`);
      expect({ topic: delivered.notification.topic, event: stored?.event }).toEqual({
        topic: delivered.notification.topic,
        event,
      });
      expect(stored).toMatchObject({ source: 'intercom', type: 'conversation', created_at: isoSeconds(at) });
      expect(stored?.properties).toMatchObject(properties);
    }
    const byName = (name: string): HullEvent => events.find((e) => e.event === name)!;
    // Only the tag that was added (not every tag) is reported.
    expect(byName('Conversation Part Tag Added').properties.tags_added).toEqual(['Refund']);
    expect(byName('Admin assigned conversation').properties).not.toHaveProperty('message');
    // Unassigned: no assignee properties at all; the assignee is known only from the assignment on.
    expect(byName('User started conversation').properties).not.toHaveProperty('assignee_id');
    expect(byName('Admin started conversation').properties).not.toHaveProperty('assignee_name');
    // Ten events named their assignee: one read of Intercom's admins named it for all of them.
    expect(intercom.requestCount('GET', '/admins')).toBe(1);
    // Nothing landed on the lead, and no profile was created for anyone.
    expect(hull.eventsOf(lead.hullId)).toEqual([]);
    expect(hull.users()).toHaveLength(2);

    // The same notification applied again (a redelivery after the entity workflow ended): same event_id,
    // so Hull overwrites the event instead of adding a second one.
    const closed = sent.find((s) => s.event === 'Admin closed conversation')!;
    await harness.engine.temporalClient.workflow.getHandle(contactWorkflowId(harness, user.id)).terminate('test');
    const deduplicatedBefore = hull.counters.eventsDeduplicated;
    const again = await postRaw(harness, closed.delivered.rawBody);
    expect(again).toMatchObject({ status: 200, body: { accepted: true } });
    await eventually(() => expect(hull.counters.eventsDeduplicated).toBe(deduplicatedBefore + 1));
    expect(hull.eventsOf(user.hullId)).toHaveLength(12);
    expect(eventsNamed(hull, user.hullId, 'Admin closed conversation')).toEqual([
      expect.objectContaining({ event_id: `intercom:${closed.delivered.notification.id}` }),
    ]);
    expectCleanTraffic(harness);
  });

  it('a lead’s conversation puts the event on the lead’s profile', async () => {
    const { intercom, hull } = harness;
    const question = conversation('7003', lead.id, 'user');
    const delivered = await emit(harness, 'conversation.user.created', conversationPayload(intercom, question, []));

    const events = await eventually(() => {
      const found = eventsNamed(hull, lead.hullId, 'User started conversation');
      expect(found).toHaveLength(1);
      return found;
    });
    expect(events[0]).toMatchObject({
      event_id: `intercom:${delivered.notification.id}`,
      properties: {
        topic: 'conversation.user.created',
        conversation_id: '7003',
        conversation_link: link('7003'),
        message: 'I was charged twice & need help',
        author_id: lead.id,
        author_name: 'Cory Curious',
      },
    });
    expect(eventsNamed(hull, user.hullId, 'User started conversation')).toHaveLength(1); // only its own
    expect(hull.findUser({ anonymous_id: leadAnonymousId(lead.id) })?.id).toBe(lead.hullId);
    expectCleanTraffic(harness);
  });

  it('a conversation with two contacts gives each of them the event once', async () => {
    const { intercom, hull } = harness;
    const shared = conversation('7004', user.id, 'admin');
    shared.contact_ids = [user.id, lead.id];
    const delivered = await emit(
      harness,
      'conversation.admin.single.created',
      conversationPayload(intercom, shared, []),
    );
    const id = delivered.notification.id;
    await eventually(() => {
      const onUser = eventsNamed(hull, user.hullId, 'Admin started conversation').filter(
        (e) => e.properties.conversation_id === '7004',
      );
      const onLead = eventsNamed(hull, lead.hullId, 'Admin started conversation');
      expect(onUser.map((e) => e.event_id)).toEqual([`intercom:${id}:${user.id}`]);
      expect(onLead.map((e) => e.event_id)).toEqual([`intercom:${id}:${lead.id}`]);
    });
    expectCleanTraffic(harness);
  });
  it('names assignees from one cached admin list, read again only for a teammate it does not know', async () => {
    const { intercom, hull } = harness;
    const nia = intercom.addAdmin({ name: 'Nia Okafor', email: 'nia@sandbox-intercom.test' });
    const niaId = String(nia.id);
    const refund = conversation('7005', user.id, 'user');
    const reads = () => intercom.requestCount('GET', '/admins');
    const emitAndLand = async (
      topic: string,
      parts: ConversationPartRecord[],
      extra: Parameters<typeof conversationPayload>[3] = {},
    ): Promise<HullEvent> => {
      const { notification } = await emit(harness, topic, conversationPayload(intercom, refund, parts, extra));
      return eventually(() => {
        const landed = hull.eventsOf(user.hullId).find((e) => e.event_id === `intercom:${notification.id}`);
        expect(landed).toBeDefined();
        return landed!;
      });
    };
    // Warm: the list read for the first test holds the workspace's admins as they were then.
    await emitAndLand('conversation.user.replied', [part('comment', 'user', '<p>Any news?</p>')]);
    const before = reads();

    // A teammate added since: the list is read again, once, and names her from then on.
    refund.admin_assignee_id = Number(niaId);
    const assigned = await emitAndLand('conversation.admin.assigned', [
      part('assignment', 'admin', null, niaId, admin.id),
    ]);
    expect(assigned.properties).toMatchObject({
      assignee_id: niaId,
      assignee_name: 'Nia Okafor',
      assignee_email: 'nia@sandbox-intercom.test',
      to: niaId,
      admin: niaId,
      initiated: 'admin',
    });
    const replied = await emitAndLand('conversation.admin.replied', [
      part('comment', 'admin', '<p>On it</p>', null, niaId),
    ]);
    expect(replied.properties).toMatchObject({ assignee_name: 'Nia Okafor', author_id: niaId });
    expect(reads()).toBe(before + 1);

    // An admin Intercom no longer lists: one more read, then no read per event; the id stays.
    refund.admin_assignee_id = 424_242;
    for (const body of ['<p>Still there?</p>', '<p>Hello?</p>']) {
      const orphan = await emitAndLand('conversation.user.replied', [part('comment', 'user', body)]);
      expect(orphan.properties).toMatchObject({ assignee_id: '424242' });
      expect(orphan.properties).not.toHaveProperty('assignee_name');
    }
    expect(reads()).toBe(before + 2);

    // Assigned to nobody: initiated says so, and there is no assignee to name or point to.
    refund.admin_assignee_id = 0;
    const unassigned = await emitAndLand('conversation.admin.assigned', [part('assignment', 'admin', null)], {
      unassigned: true,
    });
    expect(unassigned.properties).toMatchObject({ topic: 'conversation.admin.assigned', initiated: 'nobody_admin' });
    for (const key of ['assignee_id', 'assignee_name', 'assignee_email', 'to', 'admin']) {
      expect(unassigned.properties).not.toHaveProperty(key);
    }
    expect(reads()).toBe(before + 2);
    expectCleanTraffic(harness);
  });
});
