import {
  inferDataType,
  planDataAttributes,
  sanitizeAttributeName,
  type ExistingDataAttribute,
} from '../../../../src/sync/outgoing/data-attributes';

describe('sanitizeAttributeName', () => {
  it('keeps [A-Za-z0-9_-] and turns everything else into _', () => {
    expect(sanitizeAttributeName('plan-tier_2')).toBe('plan-tier_2');
    expect(sanitizeAttributeName('Plan name')).toBe('Plan_name');
    expect(sanitizeAttributeName('salesforce/plan.price$')).toBe('salesforce_plan_price_');
    expect(sanitizeAttributeName('  über ')).toBe('_ber');
  });

  it('caps the length at 190 and is deterministic', () => {
    const long = 'a'.repeat(300);
    expect(sanitizeAttributeName(long)).toHaveLength(190);
    expect(sanitizeAttributeName('x y')).toBe(sanitizeAttributeName('x y'));
  });
});

describe('inferDataType', () => {
  it.each([
    ['custom_attributes.vip', true, 'boolean'],
    ['custom_attributes.seats', 3, 'integer'],
    ['custom_attributes.score', 4.5, 'float'],
    ['custom_attributes.plan', 'pro', 'string'],
    ['custom_attributes.trial_ends_at', 1706745600, 'date'],
    ['custom_attributes.renewal_date', 1706745600, 'date'],
    ['custom_attributes.renewal_date', null, 'date'],
    ['custom_attributes.plan', null, 'string'],
    ['custom_attributes.created_at_label', 'x', 'string'],
    ['seats', 2, 'integer'],
  ] as const)('%s = %j → %s', (path, value, expected) => {
    expect(inferDataType(path, value)).toBe(expected);
  });
});

describe('planDataAttributes', () => {
  const existing: ExistingDataAttribute[] = [
    { name: 'plan', model: 'contact', data_type: 'string' },
    { name: 'seats', model: 'contact', data_type: 'integer' },
    { name: 'score', model: 'contact', data_type: 'float' },
    { name: 'vip', model: 'contact', data_type: 'boolean' },
    { name: 'trial_ends_at', model: 'contact', data_type: 'date' },
    { name: 'Mithril Shirt', model: 'contact', data_type: 'string' },
    { name: 'industry_code', model: 'company', data_type: 'string' },
    { name: 'legacy', model: 'contact', data_type: 'string', archived: true },
    { name: 'email', model: 'contact', data_type: 'string', custom: false },
  ];

  it('passes standard fields through and creates missing custom attributes with inferred types', () => {
    const plan = planDataAttributes(
      {
        name: 'Ada',
        'custom_attributes.plan': 'pro',
        'custom_attributes.nps': 9,
        'custom_attributes.churned_at': 1706745600,
      },
      existing,
      'contact',
    );
    expect(plan.create).toEqual([
      { name: 'nps', model: 'contact', data_type: 'integer' },
      { name: 'churned_at', model: 'contact', data_type: 'date' },
    ]);
    expect(plan.coerced).toEqual({
      name: 'Ada',
      'custom_attributes.plan': 'pro',
      'custom_attributes.nps': 9,
      'custom_attributes.churned_at': 1706745600,
    });
  });

  it('reports a name taken by the other model instead of creating it, and drops the field', () => {
    const plan = planDataAttributes({ 'custom_attributes.industry_code': 'A1' }, existing, 'contact');
    expect(plan.create).toEqual([]);
    expect(plan.coerced).toEqual({});
    expect(plan.notes).toEqual([
      'custom_attributes.industry_code: not sent, "industry_code" is already a company attribute in Intercom (names are unique across models)',
    ]);
  });

  it('works the other way round for companies', () => {
    const plan = planDataAttributes(
      { 'custom_attributes.plan': 'pro', 'custom_attributes.industry_code': 'A1' },
      existing,
      'company',
    );
    expect(plan.create).toEqual([]);
    expect(plan.coerced).toEqual({ 'custom_attributes.industry_code': 'A1' });
    expect(plan.notes).toHaveLength(1);
  });

  it('coerces values to the type of an existing attribute where nothing is lost', () => {
    const plan = planDataAttributes(
      {
        'custom_attributes.plan': 42,
        'custom_attributes.seats': '12',
        'custom_attributes.score': '4.5',
        'custom_attributes.vip': 'TRUE',
        'custom_attributes.trial_ends_at': '2024-02-01T00:00:00Z',
      },
      existing,
      'contact',
    );
    expect(plan.coerced).toEqual({
      'custom_attributes.plan': '42',
      'custom_attributes.seats': 12,
      'custom_attributes.score': 4.5,
      'custom_attributes.vip': true,
      'custom_attributes.trial_ends_at': 1706745600,
    });
    expect(plan.create).toEqual([]);
    expect(plan.notes).toEqual([]);
  });

  it('drops a value that cannot be coerced and says why', () => {
    const plan = planDataAttributes(
      { 'custom_attributes.seats': 'many', 'custom_attributes.vip': 1, 'custom_attributes.trial_ends_at': 'soon' },
      existing,
      'contact',
    );
    expect(plan.coerced).toEqual({});
    expect(plan.notes).toEqual([
      'custom_attributes.seats: not sent, "many" is not a whole number (the attribute is integer)',
      'custom_attributes.vip: not sent, 1 is not a boolean (the attribute is boolean)',
      'custom_attributes.trial_ends_at: not sent, "soon" is not a date (the attribute is date)',
    ]);
  });

  it('refuses a fractional number for an integer attribute', () => {
    expect(planDataAttributes({ 'custom_attributes.seats': 2.5 }, existing, 'contact').coerced).toEqual({});
  });

  it('keeps nulls for existing attributes (clearing) and does not create attributes just to clear them', () => {
    const plan = planDataAttributes(
      { 'custom_attributes.plan': null, 'custom_attributes.unknown': null },
      existing,
      'contact',
    );
    expect(plan.coerced).toEqual({ 'custom_attributes.plan': null });
    expect(plan.create).toEqual([]);
  });

  it('uses an existing attribute with an unsafe name as is, and sanitizes new names', () => {
    const plan = planDataAttributes(
      { 'custom_attributes.Mithril Shirt': 'yes', 'custom_attributes.Shoe size': 44 },
      existing,
      'contact',
    );
    expect(plan.coerced).toEqual({ 'custom_attributes.Mithril Shirt': 'yes', 'custom_attributes.Shoe_size': 44 });
    expect(plan.create).toEqual([{ name: 'Shoe_size', model: 'contact', data_type: 'integer' }]);
    expect(plan.notes).toContain(
      'custom_attributes.Shoe size: written as custom_attributes.Shoe_size (Intercom-safe name)',
    );
  });

  it('reports two fields that sanitize to the same name and keeps the first', () => {
    const plan = planDataAttributes({ 'custom_attributes.a b': 1, 'custom_attributes.a_b': 2 }, existing, 'contact');
    expect(plan.coerced).toEqual({ 'custom_attributes.a_b': 1 });
    expect(plan.create).toEqual([{ name: 'a_b', model: 'contact', data_type: 'integer' }]);
    expect(plan.notes).toContain(
      'custom_attributes.a_b: not sent, it becomes custom_attributes.a_b like custom_attributes.a b',
    );
  });

  it('does not write archived attributes or standard ones under custom_attributes', () => {
    const plan = planDataAttributes(
      { 'custom_attributes.legacy': 'x', 'custom_attributes.email': 'a@b.c' },
      existing,
      'contact',
    );
    expect(plan.coerced).toEqual({});
    expect(plan.create).toEqual([]);
    expect(plan.notes).toHaveLength(2);
  });

  it('creates a missing attribute on the model being written', () => {
    const plan = planDataAttributes({ 'custom_attributes.x': 'a' }, [], 'company');
    expect(plan.create).toEqual([{ name: 'x', model: 'company', data_type: 'string' }]);
  });
});
