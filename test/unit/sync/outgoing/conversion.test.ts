import { leadConversionDecision } from '../../../../src/sync/outgoing/conversion';
import type { UserTarget } from '../../../../src/sync/outgoing/target';
import { settingsWith, userMessage } from './fixtures';

const on = settingsWith({ convert_leads: true });
const asUser: UserTarget = { kind: 'send', role: 'user' };
const withLead = (extra: Record<string, unknown> = {}) =>
  userMessage({
    user: { id: 'u', 'traits_intercom_lead/id': 'ic-lead', 'traits_intercom_user/id': 'ic-user', ...extra },
  });

describe('leadConversionDecision', () => {
  it('converts a profile sent as a user that still has an unconverted Intercom lead', () => {
    expect(leadConversionDecision(withLead(), asUser, on)).toEqual({ convert: true, leadId: 'ic-lead' });
  });

  it('converts before the user exists in Intercom too (the merge target comes from the upsert)', () => {
    const message = userMessage({ user: { id: 'u', 'intercom_lead/id': 'ic-lead' } });
    expect(leadConversionDecision(message, asUser, on)).toEqual({ convert: true, leadId: 'ic-lead' });
  });

  it('is off by default', () => {
    expect(leadConversionDecision(withLead(), asUser, settingsWith())).toEqual({
      convert: false,
      reason: 'convert_leads is off',
    });
  });

  it.each<UserTarget>([
    { kind: 'send', role: 'lead' },
    { kind: 'untag-only', role: 'user', reason: 'left' },
    { kind: 'skip', reason: 'not in any synchronized segment' },
  ])('does not convert for target %j', (target) => {
    expect(leadConversionDecision(withLead(), target, on).convert).toBe(false);
  });

  it('needs an Intercom lead on the profile', () => {
    expect(leadConversionDecision(userMessage(), asUser, on)).toEqual({
      convert: false,
      reason: 'no Intercom lead on the profile (intercom_lead/id)',
    });
  });

  it('does not convert twice', () => {
    expect(
      leadConversionDecision(withLead({ 'intercom_lead/converted_at': '2024-01-01T00:00:00Z' }), asUser, on),
    ).toMatchObject({
      convert: false,
      reason: 'the lead was already converted (intercom_lead/converted_at = "2024-01-01T00:00:00Z")',
    });
    expect(leadConversionDecision(withLead({ 'intercom_lead/lead_converted': true }), asUser, on)).toEqual({
      convert: false,
      reason: 'the lead was already converted (intercom_lead/lead_converted)',
    });
    expect(leadConversionDecision(withLead({ 'intercom_lead/lead_converted': false }), asUser, on).convert).toBe(true);
  });

  it('does not merge a deleted lead, or a lead that already is the user', () => {
    expect(leadConversionDecision(withLead({ 'intercom_lead/deleted_at': '2024-01-01' }), asUser, on).convert).toBe(
      false,
    );
    expect(leadConversionDecision(withLead({ 'intercom_user/id': 'ic-lead' }), asUser, on)).toEqual({
      convert: false,
      reason: 'the lead is already the user (intercom_lead/id = intercom_user/id)',
    });
  });
});
