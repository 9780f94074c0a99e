/** The five "acting as" combinations of the access token and the `create` flag. */
import { HullSimulator } from '../src';
import { asAccount, asUser, message, sendBatch } from './support';

describe('Hull simulator subjects', () => {
  let sim: HullSimulator;

  beforeEach(async () => {
    sim = new HullSimulator();
    await sim.start();
  });

  afterEach(() => sim.stop());

  it('1. as user: traits, track and alias apply to the user', async () => {
    const claims = asUser({ email: 'ada@example.org' });
    await sendBatch(sim, [
      message(sim, 'traits', { 'crm/score': 1 }, claims),
      message(sim, 'track', { event: 'Signed Up', event_id: 'crm:1' }, claims),
      message(sim, 'alias', { anonymous_id: 'crm:77' }, claims),
    ]);

    const user = sim.findUser({ email: 'ada@example.org' });
    expect(user).toMatchObject({ traits: { 'crm/score': 1 }, anonymous_ids: ['crm:77'], account_id: null });
    expect(sim.eventsOf(user!.id).map((event) => event.event)).toEqual(['Signed Up']);
    expect(sim.accounts()).toHaveLength(0);
  });

  it('2. as account: traits apply to the account, track is refused', async () => {
    const response = await sendBatch(sim, [
      message(sim, 'traits', { 'crm/tier': 'gold' }, asAccount({ domain: 'Example.org' })),
      message(sim, 'track', { event: 'Nope' }, asAccount({ domain: 'example.org' })),
    ]);

    expect(response.data).toEqual({ accepted: 1, rejected: 1, ignored: 0 });
    expect(sim.rejectedMessages[0]?.reason).toMatch(/track is for users only/);
    expect(sim.findAccount({ domain: 'example.org' })).toMatchObject({
      domain: 'example.org',
      traits: { 'crm/tier': 'gold' },
    });
    expect(sim.users()).toHaveLength(0);
  });

  it('3. user linked to account: an empty traits body links, account traits go to the account', async () => {
    const claims = {
      subjectType: 'account' as const,
      asUser: { email: 'ada@example.org', anonymous_id: 'crm:77' },
      asAccount: { domain: 'example.org' },
    };
    await sendBatch(sim, [message(sim, 'traits', {}, claims), message(sim, 'traits', { 'crm/tier': 'gold' }, claims)]);

    const user = sim.findUser({ email: 'ada@example.org' });
    const account = sim.findAccount({ domain: 'example.org' });
    expect(user?.account_id).toBe(account?.id);
    expect(user?.anonymous_ids).toEqual(['crm:77']);
    expect(user?.traits).toEqual({});
    expect(account?.traits).toEqual({ 'crm/tier': 'gold' });
    expect(sim.counters.links).toBe(1);
  });

  it("4. user's current account: acts on the account the user belongs to", async () => {
    const account = sim.upsertAccount({ domain: 'example.org' });
    const user = sim.upsertUser({ email: 'ada@example.org' });
    sim.linkUserToAccount(user.id, account.id);

    await sendBatch(sim, [
      message(
        sim,
        'traits',
        { 'crm/tier': 'silver' },
        { subjectType: 'account', asUser: { email: 'ada@example.org' } },
      ),
    ]);

    expect(sim.findAccount({ id: account.id })?.traits).toEqual({ 'crm/tier': 'silver' });
    expect(sim.findUser({ id: user.id })?.traits).toEqual({});
  });

  it("4. user's current account: rejected when the user has no account, nothing is created", async () => {
    sim.upsertUser({ email: 'loner@example.org' });
    await sendBatch(sim, [
      message(sim, 'traits', { a: 1 }, { subjectType: 'account', asUser: { email: 'loner@example.org' } }),
      message(sim, 'traits', { a: 1 }, { subjectType: 'account', asUser: { email: 'ghost@example.org' } }),
    ]);

    expect(sim.rejectedMessages.map((rejection) => rejection.reason)).toEqual([
      expect.stringMatching(/belongs to no account/),
      expect.stringMatching(/current account: no matching user/),
    ]);
    expect(sim.accounts()).toHaveLength(0);
    expect(sim.users()).toHaveLength(1);
  });

  it('5. by Hull id: sub + asUser {id} is a direct lookup; an unknown id is refused, never created', async () => {
    const user = sim.upsertUser({ email: 'ada@example.org' });
    const response = await sendBatch(sim, [
      message(sim, 'traits', { 'crm/score': 5 }, { subjectType: 'user', sub: user.id, asUser: { id: user.id } }),
      message(
        sim,
        'traits',
        { 'crm/score': 6 },
        { subjectType: 'user', sub: 'ffffffffffffffffffffffff', asUser: { id: 'ffffffffffffffffffffffff' } },
      ),
      message(sim, 'traits', { 'crm/tier': 'x' }, { subjectType: 'account', sub: 'ffffffffffffffffffffffff' }),
    ]);

    expect(response.data).toEqual({ accepted: 1, rejected: 2, ignored: 0 });
    expect(sim.findUser({ id: user.id })?.traits).toEqual({ 'crm/score': 5 });
    expect(sim.users()).toHaveLength(1);
    expect(sim.accounts()).toHaveLength(0);
  });

  it('create:false looks up only: no match means no effect, a match is updated', async () => {
    sim.upsertUser({ email: 'known@example.org' });
    const response = await sendBatch(sim, [
      message(sim, 'traits', { a: 1 }, { ...asUser({ email: 'unknown@example.org' }), create: false }),
      message(sim, 'traits', { a: 2 }, { ...asUser({ email: 'known@example.org' }), create: false }),
      message(sim, 'traits', { a: 3 }, { ...asAccount({ domain: 'new.example' }), create: false }),
    ]);

    expect(response.data).toEqual({ accepted: 1, rejected: 0, ignored: 2 });
    expect(sim.users().map((user) => [user.email, user.traits])).toEqual([['known@example.org', { a: 2 }]]);
    expect(sim.accounts()).toHaveLength(0);
  });

  it('refuses generic mail domains as account domains', async () => {
    await sendBatch(sim, [
      message(sim, 'traits', { a: 1 }, asAccount({ domain: 'gmail.com' })),
      message(sim, 'traits', { a: 1 }, asAccount({ domain: 'gmail.com', external_id: 'acme' })),
      message(sim, 'traits', { domain: 'hotmail.com' }, asAccount({ external_id: 'acme' })),
    ]);

    expect(sim.rejectedMessages.map((rejection) => rejection.reason)).toEqual([
      expect.stringMatching(/generic mail domain gmail.com refused/),
      expect.stringMatching(/partially applied: attribute "domain": generic mail domains are refused/),
    ]);
    expect(sim.accounts()).toEqual([expect.objectContaining({ external_id: 'acme', domain: null })]);
  });

  it('refuses subjectType user with account claims, which the reference client never produces', async () => {
    await sendBatch(sim, [
      message(
        sim,
        'traits',
        { a: 1 },
        { subjectType: 'user', asUser: { email: 'a@example.org' }, asAccount: { domain: 'example.org' } },
      ),
    ]);

    expect(sim.rejectedMessages[0]?.reason).toMatch(/is not a combination the platform accepts/);
    expect(sim.users()).toHaveLength(0);
  });
});
