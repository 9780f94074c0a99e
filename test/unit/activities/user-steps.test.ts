/**
 * The steps of a user write (src/activities/outgoing/user-steps.ts), each alone, against the Intercom
 * and Hull simulators on loopback: no Temporal, just the clients and one `UserWrite`.
 */
import { HullClient } from '../../../src/hull/client';
import { userUpdateMessageSchema } from '../../../src/hull/notifications';
import { Secret } from '../../../src/config/secret';
import { connectorSettingsSchema, type ConnectorSettingsInput } from '../../../src/config/connector-settings';
import {
  applyContactTags,
  fingerprintAttribute,
  resolveOrCreateContact,
  sendEvents,
  storeBack,
  updateKnownContact,
  writeContact,
  type UserStepClients,
  type UserWrite,
} from '../../../src/activities/outgoing/user-steps';
import { IntercomClient } from '../../../src/intercom/client';
import { CompanyUpserts } from '../../../src/intercom/company-upserts';
import { IntercomLookups } from '../../../src/intercom/lookups';
import { TagBatcher } from '../../../src/intercom/tag-batcher';
import { RateGovernor } from '../../../src/intercom/rate-governor';
import { mergeFingerprint } from '../../../src/sync/outgoing';
import { shortHash } from '../../../src/sync/outgoing/hash';
import { contactSchema } from '../../../src/intercom/schemas';
import { HullSimulator } from '@hull-intercom-sync/hull-simulator';
import { IntercomSimulator, SANDBOX_CREDENTIALS } from '@hull-intercom-sync/intercom-simulator';
import type { ContactSyncState } from '../../../src/shared/outgoing';
import { userMessage, type UserMessageInput } from '../../helpers/hull-notifications';

const CUSTOMERS = { id: 'c0ffee000000000000000001', name: 'Customers' };

describe('user write steps', () => {
  // Search lags far behind creations here, so only a 409 can reveal an existing contact.
  const intercom = new IntercomSimulator({ searchIndexLagMs: 600_000 });
  const hull = new HullSimulator();
  let clients: UserStepClients;

  beforeAll(async () => {
    const url = await intercom.start();
    await hull.start();
    const client = new IntercomClient({
      baseUrl: url,
      apiVersion: '2.16',
      accessToken: () => SANDBOX_CREDENTIALS.accessToken,
      governor: new RateGovernor({ limitPerMinute: 10_000 }),
    });
    clients = {
      intercom: client,
      lookups: new IntercomLookups(client),
      tagBatcher: new TagBatcher(client, { windowMs: 50 }),
      companyUpserts: new CompanyUpserts(client),
      hull: new HullClient({
        organization: hull.organization,
        connectorId: hull.connectorId,
        connectorSecret: new Secret(hull.connectorSecret),
        apiUrl: hull.apiUrl,
        firehoseUrl: hull.firehoseUrl,
      }),
    };
  });

  afterAll(async () => {
    await intercom.stop();
    await hull.stop();
  });

  function write(
    input: Omit<UserMessageInput, 'id'> & { id?: string },
    state: ContactSyncState = {},
    settings: ConnectorSettingsInput = {},
  ): UserWrite {
    const message = userUpdateMessageSchema.parse(userMessage({ id: 'hull-user-1', ...input }));
    const update = { message, isExport: false, organisationSegments: [CUSTOMERS], notificationIds: ['n1'] };
    const parsed = connectorSettingsSchema.parse({ synchronized_user_segments: [CUSTOMERS.id], ...settings });
    return { message, update, state, role: 'user', settings: parsed, call: { meter: { requests: 0 } }, notes: [] };
  }

  const requestsSince = (mark: number) => intercom.requestLog.slice(mark).map((r) => `${r.method} ${r.route}`);

  it('creates a user nobody knows with one request: no lookup first', async () => {
    const w = write({ email: 'new@example.org' });
    const mark = intercom.requestLog.length;
    const written = await resolveOrCreateContact(clients, w, { email: 'new@example.org', name: 'New' });
    expect(written).toMatchObject({ created: true, fingerprintBase: undefined });
    expect(intercom.store.contacts.get(written.id)).toMatchObject({ email: 'new@example.org', name: 'New' });
    expect(requestsSince(mark)).toEqual(['POST /contacts']);
  });

  it('updates the user a 409 names instead of creating a second one (two requests), and says so', async () => {
    const existing = intercom.createContact({ role: 'user', email: 'taken@example.org', name: 'Old' });
    const w = write({ email: 'taken@example.org' });
    const mark = intercom.requestLog.length;
    const written = await resolveOrCreateContact(clients, w, { email: 'taken@example.org', name: 'New' });
    expect(requestsSince(mark)).toEqual(['POST /contacts', 'PUT /contacts/{contact_id}']);
    expect(written).toMatchObject({ id: existing.id, created: false });
    expect(w.notes.join(' ')).toMatch(/409 conflict, id [0-9a-f]{24}\): updated it/);
    expect([...intercom.store.contacts.values()].filter((c) => c.email === 'taken@example.org')).toEqual([
      expect.objectContaining({ id: existing.id, name: 'New' }),
    ]);
  });

  it('sends a known contact only its changed fields, and nothing when none changed', async () => {
    const contact = intercom.createContact({ role: 'user', email: 'known@example.org', name: 'Known' });
    const id = String(contact.id);
    const fields = { email: 'known@example.org', name: 'Known' };
    const first = await updateKnownContact(clients, write({ email: 'known@example.org' }), id, fields);
    const state: ContactSyncState = {
      role: 'user',
      intercomId: id,
      fingerprint: mergeFingerprint(first!.fingerprintBase, first!.fields),
    };

    let mark = intercom.requestLog.length;
    const unchanged = await updateKnownContact(clients, write({ email: 'known@example.org' }, state), id, fields);
    expect(unchanged).toMatchObject({ id, created: false, fields: {} });
    expect(requestsSince(mark)).toEqual([]);

    mark = intercom.requestLog.length;
    const renamed = { ...fields, name: 'Renamed' };
    const changed = await updateKnownContact(clients, write({ email: 'known@example.org' }, state), id, renamed);
    expect(changed).toMatchObject({ id, fields: { name: 'Renamed' } });
    expect(requestsSince(mark)).toEqual(['PUT /contacts/{contact_id}']);
    expect(intercom.requestLog.at(-1)!.body).toEqual({ role: 'user', name: 'Renamed' });
  });

  it('resolves again when the stored contact is gone, without creating a duplicate of a findable one', async () => {
    const w = write({ email: 'gone@example.org', traits: { 'intercom_user/id': '0000000000000000deadbeef' } });
    const written = (await writeContact(clients, w, { email: 'gone@example.org' }))!;
    expect(w.notes.join(' ')).toMatch(/stored Intercom contact 0000000000000000deadbeef is gone/);
    expect(written.created).toBe(true);
    expect(written.id).not.toBe('0000000000000000deadbeef');
  });

  it('tags a new contact with its synchronized segments', async () => {
    const contact = intercom.createContact({ role: 'user', email: 'tagged@example.org' });
    const w = write({ email: 'tagged@example.org', segments: [CUSTOMERS], entered: [CUSTOMERS] });
    const { changes, tags } = await applyContactTags(clients, w, String(contact.id), true);
    expect(changes.add).toEqual(['Customers']);
    expect(tags).toEqual(['Customers']);
    const names = [...(intercom.store.contactTags.get(String(contact.id))?.keys() ?? [])].map(
      (id) => intercom.store.tags.get(id)!.name,
    );
    expect(names).toEqual(['Customers']);
  });

  it('tags the contacts written at the same moment with one request, each told its own result', async () => {
    const contacts = ['a', 'b', 'c'].map((name) =>
      intercom.createContact({ role: 'user', email: `${name}@batch.org` }),
    );
    const mark = intercom.requestLog.length;
    const results = await Promise.all(
      contacts.map((contact) =>
        applyContactTags(
          clients,
          write({ email: String(contact.email), segments: [CUSTOMERS], entered: [CUSTOMERS] }),
          String(contact.id),
          true,
        ),
      ),
    );
    expect(requestsSince(mark)).toEqual(['POST /tags']);
    expect(intercom.requestLog.at(-1)!.body).toEqual({
      name: 'Customers',
      users: contacts.map((contact) => ({ id: contact.id })),
    });
    for (const result of results) expect(result.tags).toEqual(['Customers']);
  });

  it('leaves a tag Intercom did not apply out of the tags recorded, with a note', async () => {
    const w = write({ email: 'vanished@batch.org', segments: [CUSTOMERS], entered: [CUSTOMERS] });
    const { tags } = await applyContactTags(clients, w, '0000000000000000deadbeef', true);
    expect(tags).toEqual([]);
    expect(w.notes).toEqual(['Intercom did not tag contact 0000000000000000deadbeef with Customers']);
  });

  it('sends each whitelisted event once, remembering its key', async () => {
    const contact = intercom.createContact({ role: 'user', email: 'events@example.org' });
    const event = {
      event: 'Order Placed',
      event_id: 'e-1',
      created_at: '2026-01-02T03:04:05Z',
      properties: { total: 3 },
    };
    const settings = { outgoing_events: ['Order Placed'] };
    const first = write({ email: 'events@example.org', events: [event] }, {}, settings);
    const sent = await sendEvents(clients, first, String(contact.id));
    expect(sent).toHaveLength(1);

    const mark = intercom.requestLog.length;
    const again = write({ email: 'events@example.org', events: [event] }, { sentEventKeys: sent }, settings);
    expect(await sendEvents(clients, again, String(contact.id))).toEqual(sent);
    expect(requestsSince(mark)).toEqual([]);
  });

  it('stores the Intercom id and the fingerprint back on the Hull profile', async () => {
    const user = hull.upsertUser({ email: 'stored@example.org' });
    const w = write({ id: user.id, email: 'stored@example.org' });
    await storeBack(clients, w, 'contact-42', { name: 'abc' });
    const traits = hull.findUser({ id: user.id })!.traits;
    expect(traits['intercom_user/id']).toBe('contact-42');
    expect(traits[fingerprintAttribute('user')]).toBeDefined();
  });

  it("writes Intercom's answer back: mapped fields, claims, the anonymous id, and a fingerprint covering it", async () => {
    const user = hull.upsertUser({ email: 'answer@example.org' });
    const record = contactSchema.parse(
      intercom.createContact({ role: 'user', email: 'answer@example.org', name: 'From Intercom', phone: '+33 1 23' }),
    );
    const w = write(
      { id: user.id, email: 'answer@example.org' },
      {},
      {
        outgoing_user_attributes: [{ hull: 'name', service: 'name' }],
      },
    );
    const stored = await storeBack(clients, w, record.id, {}, record);
    const profile = hull.findUser({ id: user.id })!;
    expect(profile.traits).toMatchObject({
      'intercom_user/email': 'answer@example.org',
      'intercom_user/name': 'From Intercom',
      'intercom_user/phone': '+33 1 23',
      'intercom_user/id': record.id,
      name: 'From Intercom',
    });
    expect(profile.anonymous_ids).toContain(`intercom-user:user-${record.id}`);
    // Hull's name now comes from Intercom: the fingerprint records that Intercom holds it already.
    expect(stored).toEqual({ name: shortHash('From Intercom') });
    // Tags and companies are only ids in the answer: left to the incoming sync.
    expect(profile.traits).not.toHaveProperty('intercom_user/tags');
  });
});
