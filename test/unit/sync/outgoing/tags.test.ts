import {
  appliedTagsAfter,
  companyTagChanges,
  contactTagChanges,
  withKnownTags,
} from '../../../../src/sync/outgoing/tags';
import { accountMessage, segment, settingsWith, userMessage } from './fixtures';

const settings = settingsWith({ synchronized_user_segments: ['s-customers'], synchronized_lead_segments: ['s-trial'] });
const customers = segment('s-customers', ' Customers ');
const trial = segment('s-trial', 'Trial');
const internal = segment('s-internal', 'Internal QA');

describe('contactTagChanges', () => {
  it('adds only synchronized segments, trimmed, when the current tags are unknown', () => {
    const message = userMessage({ segments: [customers, internal] });
    expect(contactTagChanges(message, 'user', settings, { isNewContact: false })).toEqual({
      add: ['Customers'],
      remove: [],
    });
  });

  it('mirrors both filters: a person in both is a lead tagged with both segments', () => {
    const message = userMessage({ segments: [customers, trial] });
    expect(contactTagChanges(message, 'lead', settings, { isNewContact: false }).add).toEqual(['Customers', 'Trial']);
  });

  it('does not add tags the contact already has (case-insensitive, as Intercom)', () => {
    const message = userMessage({
      user: { id: 'u', 'traits_intercom_user/tags': ['customers', 'VIP'] },
      segments: [customers, trial],
    });
    expect(contactTagChanges(message, 'user', settings, { isNewContact: false })).toEqual({
      add: ['Trial'],
      remove: [],
    });
  });

  it('removes synchronized segments just left, even when the stored tags do not show them yet', () => {
    const message = userMessage({
      user: { id: 'u', 'intercom_user/tags': [] },
      segments: [customers],
      changes: { segments: { left: [trial, internal] } },
    });
    expect(contactTagChanges(message, 'user', settings, { isNewContact: false })).toEqual({
      add: ['Customers'],
      remove: ['Trial'],
    });
  });

  it('removes managed tags the person is no longer in, never foreign tags', () => {
    const message = userMessage({
      user: { id: 'u', 'intercom_user/tags': ['Trial', 'VIP', 'Internal QA', 'Customers'] },
      segments: [customers, internal],
    });
    const changes = contactTagChanges(message, 'user', settings, {
      isNewContact: false,
      organisationSegments: [customers, trial, internal],
    });
    expect(changes).toEqual({ add: [], remove: ['Trial'] });
  });

  it('cannot recognise a managed tag whose segment name it never saw, so leaves it', () => {
    const message = userMessage({ user: { id: 'u', 'intercom_user/tags': ['Trial'] }, segments: [customers] });
    expect(contactTagChanges(message, 'user', settings, { isNewContact: false }).remove).toEqual([]);
  });

  it('keeps a tag still backed by another synchronized segment of the same name', () => {
    const twin = segment('s-trial-2', 'trial');
    const both = settingsWith({ synchronized_lead_segments: ['s-trial', 's-trial-2'] });
    const message = userMessage({ segments: [twin], changes: { segments: { left: [trial] } } });
    expect(contactTagChanges(message, 'lead', both, { isNewContact: false })).toEqual({ add: ['trial'], remove: [] });
  });

  it('adds everything and removes nothing for a new contact, whatever the stale attribute says', () => {
    const message = userMessage({
      user: { id: 'u', 'intercom_user/tags': ['Customers', 'Trial'] },
      segments: [customers],
      changes: { segments: { left: [trial] } },
    });
    expect(contactTagChanges(message, 'user', settings, { isNewContact: true })).toEqual({
      add: ['Customers'],
      remove: [],
    });
  });

  it('reads the tags of the role being written', () => {
    const message = userMessage({ user: { id: 'u', 'intercom_lead/tags': ['Trial'] }, segments: [trial] });
    expect(contactTagChanges(message, 'lead', settings, { isNewContact: false }).add).toEqual([]);
    expect(contactTagChanges(message, 'user', settings, { isNewContact: false }).add).toEqual(['Trial']);
  });

  it('changes nothing when tag_users / tag_leads is off', () => {
    const message = userMessage({ segments: [customers], changes: { segments: { left: [trial] } } });
    expect(
      contactTagChanges(message, 'user', settingsWith({ ...settings, tag_users: false }), { isNewContact: false }),
    ).toEqual({
      add: [],
      remove: [],
    });
    expect(
      contactTagChanges(message, 'lead', settingsWith({ ...settings, tag_leads: false }), { isNewContact: false }),
    ).toEqual({
      add: [],
      remove: [],
    });
  });

  it('gives the untag-only case its removal', () => {
    const message = userMessage({
      user: { id: 'u', 'intercom_user/id': 'ic-1', 'intercom_user/tags': ['Customers', 'VIP'] },
      segments: [internal],
      changes: { segments: { left: [customers] } },
    });
    expect(contactTagChanges(message, 'user', settings, { isNewContact: false })).toEqual({
      add: [],
      remove: ['Customers'],
    });
  });
});

describe('companyTagChanges', () => {
  const accountSettings = settingsWith({ synchronized_account_segments: ['a-key'] });
  const key = segment('a-key', 'Key accounts');
  const other = segment('a-other', 'Other');

  it('mirrors synchronized account segments with intercom/tags', () => {
    const message = accountMessage({
      account: { id: 'a', external_id: 'acme', 'intercom/tags': ['Partner'] },
      account_segments: [key, other],
    });
    expect(companyTagChanges(message, accountSettings)).toEqual({ add: ['Key accounts'], remove: [] });
  });

  it('removes a synchronized segment left, never a foreign tag', () => {
    const message = accountMessage({
      account: { id: 'a', external_id: 'acme', 'intercom/tags': ['Key accounts', 'Partner', 'Other'] },
      account_segments: [other],
      changes: { account_segments: { left: [key] } },
    });
    expect(companyTagChanges(message, accountSettings)).toEqual({ add: [], remove: ['Key accounts'] });
  });

  it('changes nothing when tag_companies is off; a new company only gets additions', () => {
    const message = accountMessage({
      account: { id: 'a', 'intercom/tags': ['Key accounts'] },
      account_segments: [key],
      changes: { account_segments: { left: [key] } },
    });
    expect(companyTagChanges(message, settingsWith({ ...accountSettings, tag_companies: false }))).toEqual({
      add: [],
      remove: [],
    });
    expect(companyTagChanges(message, accountSettings, { isNewCompany: true })).toEqual({
      add: ['Key accounts'],
      remove: [],
    });
  });
});

describe('applied tags bookkeeping', () => {
  it('adds what the engine applied to the tags the profile carries', () => {
    const profile = { id: 'u1', 'intercom_user/tags': ['Customers'] };
    expect(withKnownTags(profile, 'intercom_user/tags', ['Beta', 'customers'])['intercom_user/tags']).toEqual([
      'Customers',
      'Beta',
      'customers',
    ]);
    expect(withKnownTags({ id: 'u2' }, 'intercom_user/tags', undefined)).toEqual({ id: 'u2' });
  });

  it('follows additions and removals, case-insensitively, starting over for a new record', () => {
    expect(appliedTagsAfter(['Customers', 'Beta'], { add: ['Gold'], remove: ['beta'] }, false)).toEqual([
      'Customers',
      'Gold',
    ]);
    expect(appliedTagsAfter(['Stale'], { add: ['Customers'], remove: [] }, true)).toEqual(['Customers']);
  });
});
