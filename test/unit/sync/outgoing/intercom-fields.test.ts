import {
  classifyTarget,
  COMPANY_WRITABLE_FIELDS,
  CONTACT_WRITABLE_FIELDS,
  customAttributeName,
} from '../../../../src/sync/outgoing/intercom-fields';

describe('writable standard fields', () => {
  it('lists the request-body fields of the 2.16 contact and company writes with their types', () => {
    expect(CONTACT_WRITABLE_FIELDS).toMatchObject({
      email: 'string',
      external_id: 'string',
      signed_up_at: 'date',
      last_seen_at: 'date',
      unsubscribed_from_emails: 'boolean',
      owner_id: 'string',
    });
    expect(COMPANY_WRITABLE_FIELDS).toMatchObject({
      size: 'integer',
      monthly_spend: 'integer',
      remote_created_at: 'date',
    });
  });
});

describe('classifyTarget', () => {
  it('classifies standard contact fields', () => {
    expect(classifyTarget('contact', 'name')).toEqual({ kind: 'standard', path: 'name', type: 'string' });
    expect(classifyTarget('contact', 'signed_up_at')).toEqual({ kind: 'standard', path: 'signed_up_at', type: 'date' });
  });

  it('reads a bare unknown name as a custom attribute (Hull picker spelling)', () => {
    expect(classifyTarget('contact', 'job_title')).toEqual({
      kind: 'custom',
      path: 'custom_attributes.job_title',
      name: 'job_title',
      type: undefined,
    });
  });

  it('reads the full custom_attributes path, and types *_at / *_date names as dates', () => {
    expect(classifyTarget('contact', 'custom_attributes.trial_ends_at')).toEqual({
      kind: 'custom',
      path: 'custom_attributes.trial_ends_at',
      name: 'trial_ends_at',
      type: 'date',
    });
    expect(classifyTarget('company', 'renewal_date')).toMatchObject({ kind: 'custom', type: 'date' });
  });

  it('keeps a custom attribute named like a standard field when spelled with custom_attributes.', () => {
    expect(classifyTarget('contact', 'custom_attributes.name')).toMatchObject({ kind: 'custom', name: 'name' });
  });

  it('refuses read-only fields instead of creating a clashing custom attribute', () => {
    expect(classifyTarget('contact', 'created_at')).toMatchObject({ kind: 'unwritable' });
    expect(classifyTarget('contact', 'location.city')).toMatchObject({ kind: 'unwritable' });
    expect(classifyTarget('company', 'user_count')).toMatchObject({ kind: 'unwritable' });
  });

  it('refuses the fields the engine owns', () => {
    expect(classifyTarget('contact', 'role')).toEqual({
      kind: 'unwritable',
      path: 'role',
      reason: 'role is set by the engine from the segment filters',
    });
    expect(classifyTarget('company', 'company_id')).toMatchObject({ kind: 'unwritable' });
  });

  it('treats the model separately: size is standard on companies, custom on contacts', () => {
    expect(classifyTarget('company', 'size')).toMatchObject({ kind: 'standard', type: 'integer' });
    expect(classifyTarget('contact', 'size')).toMatchObject({ kind: 'custom', name: 'size' });
  });

  it("maps the incoming mapping's plan.name to the writable plan", () => {
    expect(classifyTarget('company', 'plan.name')).toEqual({ kind: 'standard', path: 'plan', type: 'string' });
  });

  it('refuses an empty custom attribute name', () => {
    expect(classifyTarget('contact', 'custom_attributes. ')).toMatchObject({ kind: 'unwritable' });
    expect(customAttributeName('custom_attributes.plan')).toBe('plan');
    expect(customAttributeName('plan')).toBeUndefined();
  });
});
