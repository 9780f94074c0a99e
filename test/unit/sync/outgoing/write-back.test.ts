import { companySchema } from '../../../../src/intercom/schemas';
import { shortHash } from '../../../../src/sync/outgoing/hash';
import {
  companyWriteBack,
  contactWriteBack,
  fingerprintWithWriteBack,
  withTraitsApplied,
} from '../../../../src/sync/outgoing/write-back';
import { contact, settingsWith } from './fixtures';

describe('contactWriteBack', () => {
  it("maps the answer through the role's incoming mapping, on the Hull profile, with the contact's claims", () => {
    const record = contact({
      id: 'ic-1',
      role: 'lead',
      email: 'lin@example.org',
      name: 'Lin',
      tags: { data: [{ id: 't1', type: 'tag' }] },
    });
    const { claims, traits } = contactWriteBack(record, settingsWith(), 'hull-1');
    expect(claims).toEqual({ id: 'hull-1', email: 'lin@example.org', anonymous_id: 'intercom-lead:lead-ic-1' });
    expect(traits).toMatchObject({
      'intercom_lead/id': 'ic-1',
      'intercom_lead/email': 'lin@example.org',
      'intercom_lead/name': 'Lin',
      name: { operation: 'setIfNull', value: 'Lin' },
    });
    // Tag and company ids alone say nothing: those attributes are left to the incoming sync.
    expect(traits).not.toHaveProperty('intercom_lead/tags');
    expect(traits).not.toHaveProperty('intercom_lead/companies');
  });
});

describe('companyWriteBack', () => {
  it('carries the tags as they are after the write', () => {
    const record = companySchema.parse({
      type: 'company',
      id: 'co-1',
      company_id: 'acme',
      tags: { type: 'tag.list', tags: [{ type: 'tag', id: '1', name: 'Old' }] },
    });
    const { claims, traits } = companyWriteBack(record, settingsWith(), 'hull-account-1', ['Old', 'Paying']);
    expect(claims).toEqual({ id: 'hull-account-1', external_id: 'acme', anonymous_id: 'intercom:co-1' });
    expect(traits).toMatchObject({ 'intercom/id': 'co-1', 'intercom/tags': ['Old', 'Paying'] });
  });
});

describe('withTraitsApplied', () => {
  it('sets values, and fills only blanks with setIfNull', () => {
    const profile = { id: 'u', name: '', phone: '1' };
    expect(
      withTraitsApplied(profile, {
        name: { operation: 'setIfNull', value: 'Lin' },
        phone: { operation: 'setIfNull', value: '2' },
        'intercom_user/id': 'ic-1',
      }),
    ).toEqual({ id: 'u', name: 'Lin', phone: '1', 'intercom_user/id': 'ic-1' });
  });
});

describe('fingerprintWithWriteBack', () => {
  const record = { name: 'Lin', custom_attributes: { plan: 'pro' } };

  it('records a field the write-back makes equal to what Intercom holds', () => {
    expect(fingerprintWithWriteBack({}, { name: null }, { name: 'Lin' }, record)).toEqual({ name: shortHash('Lin') });
  });

  it('leaves unchanged fields and real differences alone', () => {
    const base = { 'custom_attributes.plan': shortHash('pro') };
    expect(
      fingerprintWithWriteBack(
        base,
        { name: 'Ada', 'custom_attributes.plan': 'pro' },
        { name: 'Ada', 'custom_attributes.plan': 'pro' },
        record,
      ),
    ).toEqual(base);
    expect(fingerprintWithWriteBack({}, { name: null }, { name: 'Lin Smith' }, record)).toEqual({});
  });
});
