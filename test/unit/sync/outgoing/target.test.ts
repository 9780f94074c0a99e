import { decideAccountTarget, decideUserTarget } from '../../../../src/sync/outgoing/target';
import { accountMessage, segment, settingsWith, userMessage } from './fixtures';

const filters = { synchronized_user_segments: ['customers'], synchronized_lead_segments: ['prospects'] };
const live = { isExport: false };

describe('decideUserTarget', () => {
  it('sends nobody while both filters are empty, and says which settings to fill', () => {
    const target = decideUserTarget(userMessage({ segments: [segment('customers')] }), settingsWith(), live);
    expect(target).toEqual({
      kind: 'skip',
      reason: 'synchronized_user_segments and synchronized_lead_segments are empty: nobody is sent',
    });
  });

  it('sends a member of a user-filter segment as a user', () => {
    const target = decideUserTarget(userMessage({ segments: [segment('customers')] }), settingsWith(filters), live);
    expect(target).toEqual({ kind: 'send', role: 'user' });
  });

  it('sends a member of a lead-filter segment as a lead', () => {
    const target = decideUserTarget(userMessage({ segments: [segment('prospects')] }), settingsWith(filters), live);
    expect(target).toEqual({ kind: 'send', role: 'lead' });
  });

  it('sends a member of both filters as a lead', () => {
    const message = userMessage({ segments: [segment('customers'), segment('prospects')] });
    expect(decideUserTarget(message, settingsWith(filters), live)).toEqual({ kind: 'send', role: 'lead' });
  });

  it('matches segments by id, not by name', () => {
    const message = userMessage({ segments: [segment('other-id', 'customers')] });
    expect(decideUserTarget(message, settingsWith(filters), live)).toEqual({
      kind: 'skip',
      reason: 'not in any synchronized segment (synchronized_user_segments, synchronized_lead_segments)',
    });
  });

  it('works with only one of the two filters set', () => {
    const settings = settingsWith({ synchronized_user_segments: ['customers'] });
    expect(decideUserTarget(userMessage({ segments: [segment('customers')] }), settings, live)).toEqual({
      kind: 'send',
      role: 'user',
    });
    expect(decideUserTarget(userMessage({ segments: [segment('prospects')] }), settings, live).kind).toBe('skip');
  });

  describe('exports', () => {
    it('bypasses the filters and sends as send_batch_as says (default Users)', () => {
      expect(decideUserTarget(userMessage(), settingsWith(), { isExport: true })).toEqual({
        kind: 'send',
        role: 'user',
      });
    });

    it('sends as leads when send_batch_as is Leads, even for a member of the user filter', () => {
      const message = userMessage({ segments: [segment('customers')] });
      expect(
        decideUserTarget(message, settingsWith({ ...filters, send_batch_as: 'Leads' }), { isExport: true }),
      ).toEqual({
        kind: 'send',
        role: 'lead',
      });
    });

    it('still skips people deleted in Intercom when ignore_deleted_users is on', () => {
      const message = userMessage({ user: { id: 'u', 'traits_intercom_user/deleted_at': '2024-01-02T03:04:05Z' } });
      expect(decideUserTarget(message, settingsWith(), { isExport: true }).kind).toBe('skip');
    });
  });

  describe('deleted in Intercom', () => {
    const deletedUser = userMessage({
      user: { id: 'u', 'traits_intercom_user/deleted_at': '2024-01-02T03:04:05Z' },
      segments: [segment('customers')],
    });

    it('skips a user whose Intercom user was deleted, naming the attribute and the setting', () => {
      expect(decideUserTarget(deletedUser, settingsWith(filters), live)).toEqual({
        kind: 'skip',
        reason:
          'deleted in Intercom (intercom_user/deleted_at = "2024-01-02T03:04:05Z") and ignore_deleted_users is on',
      });
    });

    it('sends anyway when ignore_deleted_users is off', () => {
      expect(decideUserTarget(deletedUser, settingsWith({ ...filters, ignore_deleted_users: false }), live)).toEqual({
        kind: 'send',
        role: 'user',
      });
    });

    it('checks the deletion of the role being sent only', () => {
      const message = userMessage({
        user: { id: 'u', 'intercom_user/deleted_at': '2024-01-02T03:04:05Z' },
        segments: [segment('prospects')],
      });
      expect(decideUserTarget(message, settingsWith(filters), live)).toEqual({ kind: 'send', role: 'lead' });
    });

    it('treats a null deleted_at (cleared by the incoming sync) as not deleted', () => {
      const message = userMessage({
        user: { id: 'u', 'intercom_user/deleted_at': null },
        segments: [segment('customers')],
      });
      expect(decideUserTarget(message, settingsWith(filters), live)).toEqual({ kind: 'send', role: 'user' });
    });
  });

  describe('leaving a synchronized segment', () => {
    const leaving = (user: Record<string, unknown>, left = [segment('customers', 'Customers')]) =>
      userMessage({ user: { id: 'u', ...user }, segments: [segment('unrelated')], changes: { segments: { left } } });

    it('is untag-only for a person already in Intercom', () => {
      const target = decideUserTarget(leaving({ 'traits_intercom_user/id': 'ic-1' }), settingsWith(filters), live);
      expect(target).toEqual({
        kind: 'untag-only',
        role: 'user',
        reason:
          'left "Customers" of synchronized_user_segments and is in no other synchronized segment: only the mirrored tags are removed',
      });
    });

    it('uses the lead role when a lead segment was left', () => {
      const message = leaving({ 'intercom_lead/id': 'ic-2' }, [segment('prospects', 'Prospects')]);
      expect(decideUserTarget(message, settingsWith(filters), live)).toMatchObject({
        kind: 'untag-only',
        role: 'lead',
      });
    });

    it('is a plain skip when the person was never in Intercom', () => {
      expect(decideUserTarget(leaving({}), settingsWith(filters), live)).toMatchObject({ kind: 'skip' });
    });

    it('needs the stored id of the role whose segment was left', () => {
      const message = leaving({ 'intercom_lead/id': 'ic-2' });
      expect(decideUserTarget(message, settingsWith(filters), live).kind).toBe('skip');
    });

    it('is a skip when tagging is off for the role, since there is no tag to remove', () => {
      const target = decideUserTarget(
        leaving({ 'intercom_user/id': 'ic-1' }),
        settingsWith({ ...filters, tag_users: false }),
        live,
      );
      expect(target).toEqual({ kind: 'skip', reason: 'left "Customers" but tag_users is off: no tag to remove' });
    });

    it('ignores segments left that are not synchronized', () => {
      const message = leaving({ 'intercom_user/id': 'ic-1' }, [segment('unrelated-2')]);
      expect(decideUserTarget(message, settingsWith(filters), live).kind).toBe('skip');
    });

    it('sends normally when the person is still in another synchronized segment', () => {
      const message = userMessage({
        user: { id: 'u', 'intercom_user/id': 'ic-1' },
        segments: [segment('customers')],
        changes: { segments: { left: [segment('prospects')] } },
      });
      expect(decideUserTarget(message, settingsWith(filters), live)).toEqual({ kind: 'send', role: 'user' });
    });
  });
});

describe('decideAccountTarget', () => {
  const accountFilter = { synchronized_account_segments: ['key-accounts'] };

  it('sends no account while synchronized_account_segments is empty', () => {
    expect(decideAccountTarget(accountMessage(), settingsWith(), live)).toEqual({
      kind: 'skip',
      reason: 'synchronized_account_segments is empty: no account is sent',
    });
  });

  it('sends a member of a synchronized account segment', () => {
    const message = accountMessage({ account_segments: [segment('key-accounts')] });
    expect(decideAccountTarget(message, settingsWith(accountFilter), live)).toEqual({ kind: 'send' });
  });

  it('skips a non-member, naming the setting', () => {
    expect(decideAccountTarget(accountMessage(), settingsWith(accountFilter), live)).toEqual({
      kind: 'skip',
      reason: 'not in any synchronized segment (synchronized_account_segments)',
    });
  });

  it('bypasses the filter for exports', () => {
    expect(decideAccountTarget(accountMessage(), settingsWith(), { isExport: true })).toEqual({ kind: 'send' });
  });

  it('skips an account without the company_id source, quoting account_claims', () => {
    const message = accountMessage({
      account: { id: 'a', domain: 'acme.com' },
      account_segments: [segment('key-accounts')],
    });
    expect(decideAccountTarget(message, settingsWith(accountFilter), live)).toEqual({
      kind: 'skip',
      reason: 'no company_id: the account has no external_id (account_claims maps external_id → company_id)',
    });
  });

  it('skips when account_claims maps nothing to company_id', () => {
    const settings = settingsWith({ ...accountFilter, account_claims: [{ hull: 'domain', service: 'website' }] });
    const message = accountMessage({ account_segments: [segment('key-accounts')] });
    expect(decideAccountTarget(message, settings, live)).toEqual({
      kind: 'skip',
      reason: 'no company_id: account_claims maps no account attribute to company_id',
    });
  });

  it('skips accounts deleted in Intercom while ignore_deleted_accounts is on', () => {
    const message = accountMessage({
      account: { id: 'a', external_id: 'acme', 'intercom/deleted_at': '2024-05-01T00:00:00Z' },
      account_segments: [segment('key-accounts')],
    });
    expect(decideAccountTarget(message, settingsWith(accountFilter), live)).toEqual({
      kind: 'skip',
      reason: 'deleted in Intercom (intercom/deleted_at = "2024-05-01T00:00:00Z") and ignore_deleted_accounts is on',
    });
    expect(
      decideAccountTarget(message, settingsWith({ ...accountFilter, ignore_deleted_accounts: false }), live),
    ).toEqual({
      kind: 'send',
    });
  });
});
