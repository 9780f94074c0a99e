/**
 * What the webhook endpoint hands to an entity workflow: the delivered record when it is small, a
 * reference (re-read by the workflow) beyond MAX_CARRIED_ITEM_BYTES, a conversation message cut to a
 * readable length, and a refusal for ids that are not Intercom's.
 */
import {
  MAX_CARRIED_ITEM_BYTES,
  MAX_EVENT_TEXT_CHARS,
  planNotification,
  type IntercomNotification,
} from '../../../../src/sync/incoming/webhook-notification';

const CONTACT_ID = '65f0a1b2c3000000000000aa';

const notification = (topic: string, item: Record<string, unknown>): IntercomNotification => ({
  type: 'notification_event',
  id: 'notif_1',
  topic,
  app_id: 'app1',
  created_at: 1_700_000_000,
  data: { item },
});

const contact = (extra: Record<string, unknown> = {}) => ({
  type: 'contact',
  id: CONTACT_ID,
  role: 'user',
  email: 'ada@example.org',
  updated_at: 1_700_000_000,
  ...extra,
});

describe('planNotification', () => {
  it('carries a small contact as delivered', () => {
    const plan = planNotification(notification('contact.user.created', contact()), 'user.created');
    expect(plan).toMatchObject({ targets: [{ notification: { contact: contact() } }] });
    expect('targets' in plan && plan.targets[0]!.notification.reread).toBeUndefined();
  });

  it('carries a reference to a contact beyond the bound, for the workflow to re-read', () => {
    const large = contact({ custom_attributes: { notes: 'x'.repeat(MAX_CARRIED_ITEM_BYTES) } });
    const plan = planNotification(notification('contact.user.created', large), 'user.created');
    expect(plan).toEqual({
      targets: [
        {
          entity: { kind: 'contact', id: CONTACT_ID },
          notification: expect.objectContaining({
            reread: true,
            contact: {
              type: 'contact',
              id: CONTACT_ID,
              role: 'user',
              email: 'ada@example.org',
              updated_at: 1_700_000_000,
            },
          }),
        },
      ],
    });
  });

  it('does the same for a company', () => {
    const company = {
      type: 'company',
      id: CONTACT_ID,
      name: 'Acme',
      custom_attributes: { x: 'y'.repeat(MAX_CARRIED_ITEM_BYTES) },
    };
    const plan = planNotification(notification('company.created', company), 'company.created');
    expect(plan).toMatchObject({
      targets: [{ notification: { reread: true, company: { type: 'company', id: CONTACT_ID } } }],
    });
  });

  it.each(['../../x', 'a\u0000b', `${CONTACT_ID}\n`, 'z'.repeat(1200), '12345'])('refuses the contact id %j', (id) => {
    expect(planNotification(notification('contact.user.created', contact({ id })), 'user.created')).toEqual({
      invalid: 'data.item.id: is not an Intercom contact id (24 hexadecimal characters)',
    });
  });

  it("refuses a conversation naming a contact id that is not Intercom's, and cuts a long message", () => {
    const conversation = (contactId: string) => ({
      type: 'conversation',
      id: '7001',
      source: { body: `<p>${'word '.repeat(5_000)}</p>`, author: { type: 'user', id: contactId } },
      contacts: { contacts: [{ type: 'contact', id: contactId }] },
    });
    expect(
      planNotification(notification('conversation.user.created', conversation('../x')), 'conversation.user.created'),
    ).toEqual({
      invalid: 'data.item.contacts: a contact id is not an Intercom contact id (24 hexadecimal characters)',
    });
    const plan = planNotification(
      notification('conversation.user.created', conversation(CONTACT_ID)),
      'conversation.user.created',
    );
    const message = 'targets' in plan ? (plan.targets[0]!.notification.event!.properties.message as string) : '';
    expect(message).toHaveLength(MAX_EVENT_TEXT_CHARS + 1);
    expect(message.endsWith('…')).toBe(true);
  });
});
