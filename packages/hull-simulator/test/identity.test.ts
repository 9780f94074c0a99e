/** Identity resolution order, anonymous-id attachment, merges, alias/unalias. */
import { HullSimulator } from '../src';
import { asAccount, asUser, message, restClient, sendBatch } from './support';

describe('Hull simulator identity resolution', () => {
  let sim: HullSimulator;

  beforeEach(async () => {
    sim = new HullSimulator();
    await sim.start();
  });

  afterEach(() => sim.stop());

  it('resolves users by external_id before email before anonymous_id', async () => {
    const byExternalId = sim.upsertUser({ external_id: 'u-1' });
    const byEmail = sim.upsertUser({ email: 'ada@example.org', external_id: 'u-2' });
    const byAnonymousId = sim.upsertUser({ anonymous_id: 'crm:9', external_id: 'u-3' });

    await sendBatch(sim, [
      message(
        sim,
        'traits',
        { hit: 'external_id' },
        asUser({ external_id: 'u-1', email: 'ada@example.org', anonymous_id: 'crm:9' }),
      ),
      message(sim, 'traits', { hit: 'email' }, asUser({ email: 'ADA@example.org', anonymous_id: 'crm:9' })),
      message(sim, 'traits', { hit: 'anonymous_id' }, asUser({ anonymous_id: 'crm:9' })),
    ]);

    // Different external ids are different people: the weaker claims were not merged away.
    expect(sim.findUser({ id: byExternalId.id })?.traits).toEqual({ hit: 'external_id' });
    expect(sim.findUser({ id: byEmail.id })?.traits).toEqual({ hit: 'email' });
    expect(sim.findUser({ id: byAnonymousId.id })?.traits).toEqual({ hit: 'anonymous_id' });
    expect(sim.users()).toHaveLength(3);
  });

  it('resolves accounts by external_id before domain before anonymous_id', async () => {
    const byExternalId = sim.upsertAccount({ external_id: 'a-1' });
    const byDomain = sim.upsertAccount({ domain: 'example.org', external_id: 'a-2' });

    await sendBatch(sim, [
      message(sim, 'traits', { hit: 'external_id' }, asAccount({ external_id: 'a-1', domain: 'example.org' })),
      message(sim, 'traits', { hit: 'domain' }, asAccount({ domain: 'example.org' })),
    ]);

    expect(sim.findAccount({ id: byExternalId.id })?.traits).toEqual({ hit: 'external_id' });
    expect(sim.findAccount({ id: byDomain.id })?.traits).toEqual({ hit: 'domain' });
  });

  it('creates from the claims and attaches an anonymous id met together with a stronger claim', async () => {
    await sendBatch(sim, [
      message(sim, 'traits', {}, asUser({ email: 'ada@example.org', external_id: 'u-17', anonymous_id: 'crm:77' })),
      message(sim, 'traits', {}, asUser({ email: 'ada@example.org', anonymous_id: 'intercom:5' })),
    ]);

    expect(sim.users()).toEqual([
      expect.objectContaining({
        email: 'ada@example.org',
        external_id: 'u-17',
        anonymous_ids: ['crm:77', 'intercom:5'],
      }),
    ]);
    expect(sim.findUser({ anonymous_id: 'intercom:5' })?.email).toBe('ada@example.org');
  });

  it('fills missing identity fields from claims but never overwrites them', async () => {
    const user = sim.upsertUser({ external_id: 'u-1' });
    await sendBatch(sim, [
      message(sim, 'traits', {}, asUser({ external_id: 'u-1', email: 'first@example.org' })),
      message(sim, 'traits', {}, asUser({ external_id: 'u-1', email: 'second@example.org' })),
    ]);

    expect(sim.findUser({ id: user.id })?.email).toBe('first@example.org');
    // The second email is a different person with no other identity: created on its own.
    expect(sim.findUser({ email: 'second@example.org' })?.id).not.toBe(user.id);
  });

  it('merges a lead known by anonymous id into the user found by email', async () => {
    const lead = sim.upsertUser({ anonymous_id: 'intercom:lead-1' }, { 'intercom/lead_score': 3, name: 'Lead name' });
    sim.trackEvent(lead.id, { event: 'Page Viewed', event_id: 'pv-1' });
    const account = sim.upsertAccount({ domain: 'example.org' });
    sim.linkUserToAccount(lead.id, account.id);
    const known = sim.upsertUser({ email: 'ada@example.org' }, { name: 'Ada' });

    await sendBatch(sim, [
      message(sim, 'traits', { 'crm/score': 1 }, asUser({ email: 'ada@example.org', anonymous_id: 'intercom:lead-1' })),
    ]);

    const merged = sim.findUser({ email: 'ada@example.org' });
    expect(sim.users()).toHaveLength(1);
    expect(merged).toMatchObject({
      id: known.id,
      anonymous_ids: ['intercom:lead-1'],
      account_id: account.id,
      // The survivor keeps its own values; the merged user only fills gaps.
      traits: { name: 'Ada', 'intercom/lead_score': 3, 'crm/score': 1 },
    });
    expect(sim.eventsOf(known.id).map((event) => event.event)).toEqual(['Page Viewed', 'User merged']);
    expect(sim.counters.merges).toBe(1);
    // The merged-away id keeps resolving to the survivor.
    const response = await restClient(sim).get<{ id: string }>(lead.id);
    expect(response.data.id).toBe(known.id);
  });

  it('never merges two users with different emails', async () => {
    sim.upsertUser({ email: 'other@example.org', anonymous_id: 'crm:1' });
    await sendBatch(sim, [
      message(sim, 'traits', { a: 1 }, asUser({ email: 'ada@example.org', anonymous_id: 'crm:1' })),
    ]);

    expect(sim.users()).toHaveLength(2);
    expect(sim.findUser({ email: 'ada@example.org' })?.anonymous_ids).toEqual([]);
    expect(sim.findUser({ anonymous_id: 'crm:1' })?.email).toBe('other@example.org');
  });

  it('merges accounts hit by external_id and domain', async () => {
    const byDomain = sim.upsertAccount({ domain: 'example.org' }, { size: 10 });
    const byExternalId = sim.upsertAccount({ external_id: 'acme' }, { plan: 'pro' });
    const member = sim.upsertUser({ email: 'ada@example.org' });
    sim.linkUserToAccount(member.id, byDomain.id);

    await sendBatch(sim, [message(sim, 'traits', {}, asAccount({ external_id: 'acme', domain: 'example.org' }))]);

    expect(sim.accounts()).toEqual([
      expect.objectContaining({ id: byExternalId.id, domain: 'example.org', traits: { plan: 'pro', size: 10 } }),
    ]);
    expect(sim.findUser({ id: member.id })?.account_id).toBe(byExternalId.id);
  });

  it('alias adds an anonymous id, merging whoever held it; unalias removes it', async () => {
    const ghost = sim.upsertUser({ anonymous_id: 'crm:5' }, { visits: 2 });
    const claims = asUser({ email: 'ada@example.org' });
    await sendBatch(sim, [
      message(sim, 'alias', { anonymous_id: 'crm:5' }, claims),
      message(sim, 'alias', { anonymous_id: 'crm:6' }, claims),
    ]);

    const user = sim.findUser({ email: 'ada@example.org' });
    expect(user?.anonymous_ids).toEqual(['crm:5', 'crm:6']);
    expect(user?.traits).toEqual({ visits: 2 });
    expect(sim.findUser({ id: ghost.id })?.id).toBe(user?.id);

    await sendBatch(sim, [message(sim, 'unalias', { anonymous_id: 'crm:5' }, claims)]);
    expect(sim.findUser({ email: 'ada@example.org' })?.anonymous_ids).toEqual(['crm:6']);
    expect(sim.findUser({ anonymous_id: 'crm:5' })).toBeUndefined();
  });

  it('alias and unalias work on accounts too', async () => {
    const claims = asAccount({ domain: 'example.org' });
    await sendBatch(sim, [message(sim, 'alias', { anonymous_id: 'crm:a1' }, claims)]);
    expect(sim.findAccount({ anonymous_id: 'crm:a1' })?.domain).toBe('example.org');

    await sendBatch(sim, [message(sim, 'unalias', { anonymous_id: 'crm:a1' }, claims)]);
    expect(sim.findAccount({ domain: 'example.org' })?.anonymous_ids).toEqual([]);
  });

  it('incinerate deletes the subject and its events', async () => {
    const user = sim.upsertUser({ email: 'gone@example.org' });
    sim.trackEvent(user.id, { event: 'Signed Up' });
    await sendBatch(sim, [message(sim, 'incinerate', {}, asUser({ email: 'gone@example.org' }))]);

    expect(sim.users()).toHaveLength(0);
    expect(sim.eventsOf(user.id)).toEqual([]);
  });
});
