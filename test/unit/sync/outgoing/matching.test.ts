import { chooseMatch, lookupPlan } from '../../../../src/sync/outgoing/matching';
import { contact, settingsWith, userMessage } from './fixtures';

const byRoleAnd = (role: string, field: string, value: string) => ({
  operator: 'AND',
  value: [
    { field: 'role', operator: '=', value: role },
    { field, operator: '=', value },
  ],
});

describe('lookupPlan', () => {
  const message = userMessage({
    user: {
      id: 'u',
      email: 'ada@example.org',
      external_id: 'u-17',
      'traits_intercom_user/id': 'ic-user',
      'intercom_lead/id': 'ic-lead',
    },
  });

  it('tries the stored id, then external_id, then one search per remaining claim (users)', () => {
    expect(lookupPlan(message, 'user', settingsWith())).toEqual([
      { by: 'id', id: 'ic-user' },
      { by: 'external_id', externalId: 'u-17' },
      {
        by: 'search',
        query: byRoleAnd('user', 'email', 'ada@example.org'),
        claims: { email: 'ada@example.org', external_id: 'u-17' },
      },
    ]);
  });

  it('uses the lead id and lead_claims for leads, and never find_by_external_id', () => {
    expect(lookupPlan(message, 'lead', settingsWith())).toEqual([
      { by: 'id', id: 'ic-lead' },
      { by: 'search', query: byRoleAnd('lead', 'email', 'ada@example.org'), claims: { email: 'ada@example.org' } },
    ]);
  });

  it('searches each claim separately, in the strategy order, instead of ANDing them', () => {
    const settings = settingsWith({
      user_claims: [
        { hull: 'external_id', service: 'external_id' },
        { hull: 'email', service: 'email' },
      ],
    });
    const plan = lookupPlan(
      userMessage({ user: { id: 'u', email: 'ada@example.org', external_id: 'u-17' } }),
      'user',
      settings,
    );
    expect(plan.map((step) => step.by)).toEqual(['external_id', 'search']);
    const search = plan[1];
    expect(search?.by === 'search' && search.query.value).toHaveLength(2);
  });

  it('skips steps it has no value for', () => {
    expect(lookupPlan(userMessage({ user: { id: 'u', email: ' ' } }), 'user', settingsWith())).toEqual([]);
    expect(lookupPlan(userMessage({ user: { id: 'u', email: 'ada@example.org' } }), 'user', settingsWith())).toEqual([
      { by: 'search', query: byRoleAnd('user', 'email', 'ada@example.org'), claims: { email: 'ada@example.org' } },
    ]);
  });
});

describe('chooseMatch', () => {
  const claims = { email: 'ada@example.org', external_id: 'u-17' };

  it('returns undefined without candidates', () => {
    expect(chooseMatch([], claims)).toBeUndefined();
  });

  it('takes a single candidate without calling it ambiguous', () => {
    const only = contact({ id: 'c1', email: 'ADA@example.org' });
    expect(chooseMatch([only], claims)).toEqual({
      chosen: only,
      ambiguous: false,
      reason: 'chose c1: exact email match',
    });
  });

  it('prefers the exact external_id match, then the email match, whatever the order', () => {
    const byEmail = contact({ id: 'a', email: 'ada@example.org', created_at: 1 });
    const byExternalId = contact({ id: 'b', external_id: 'u-17', created_at: 5 });
    const other = contact({ id: 'c', created_at: 0 });
    for (const candidates of [
      [byEmail, byExternalId, other],
      [other, byExternalId, byEmail],
    ]) {
      const match = chooseMatch(candidates, claims);
      expect(match?.chosen.id).toBe('b');
      expect(match?.ambiguous).toBe(true);
      expect(match?.reason).toBe(
        '3 Intercom contacts match (b, a, c); chose b: exact external_id match, then oldest created_at, then lowest id',
      );
    }
    expect(chooseMatch([other, byEmail], claims)?.chosen.id).toBe('a');
  });

  it('falls back to the oldest created_at, then the lowest id', () => {
    const newer = contact({ id: 'a', email: 'ada@example.org', created_at: 200 });
    const older = contact({ id: 'z', email: 'ada@example.org', created_at: 100 });
    const twin = contact({ id: 'y', email: 'ada@example.org', created_at: 100 });
    expect(chooseMatch([newer, older, twin], { email: 'ada@example.org' })?.chosen.id).toBe('y');
    expect(chooseMatch([twin, newer, older], { email: 'ada@example.org' })?.chosen.id).toBe('y');
  });

  it('never picks a contact that carries another external_id (another person sharing the email)', () => {
    const stranger = contact({ id: 's', email: 'ada@example.org', external_id: 'u-99', created_at: 1 });
    const lead = contact({ id: 'l', role: 'lead', email: 'ada@example.org', created_at: 2 });
    const match = chooseMatch([stranger, lead], claims);
    expect(match).toEqual({
      chosen: lead,
      ambiguous: false,
      reason: 'chose l: exact email match; ignored s (external_id u-99): another external_id than u-17',
    });
    expect(chooseMatch([stranger], claims)).toBeUndefined();
    expect(chooseMatch([stranger], { email: 'ada@example.org' })?.chosen.id).toBe('s');
  });
});
