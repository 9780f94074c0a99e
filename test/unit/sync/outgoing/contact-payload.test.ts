import { hullAccountSchema } from '../../../../src/hull/notifications';
import {
  buildCompanyFields,
  buildContactFields,
  CUSTOM_STRING_LIMIT,
  toIntercomBody,
} from '../../../../src/sync/outgoing/contact-payload';
import { settingsWith, userMessage } from './fixtures';

const mapping = (rows: Array<[hull: string, service: string]>) => rows.map(([hull, service]) => ({ hull, service }));

describe('buildContactFields', () => {
  it('maps user attributes, top-level and grouped, to standard fields and custom attributes', () => {
    const settings = settingsWith({
      outgoing_user_attributes: mapping([
        ['name', 'name'],
        ['traits_salesforce/plan', 'plan'],
        ['seats', 'custom_attributes.seats'],
        ['is_vip', 'vip'],
      ]),
    });
    const message = userMessage({
      user: {
        id: 'u',
        email: 'ada@example.org',
        name: 'Ada',
        'traits_salesforce/plan': 'pro',
        traits_seats: 5,
        traits_is_vip: true,
      },
    });
    expect(buildContactFields(message, 'user', settings)).toEqual({
      fields: {
        name: 'Ada',
        'custom_attributes.plan': 'pro',
        'custom_attributes.seats': 5,
        'custom_attributes.vip': true,
        email: 'ada@example.org',
      },
      notes: [],
    });
  });

  it('reads account.<attr> from the account of the message', () => {
    const settings = settingsWith({
      outgoing_lead_attributes: mapping([
        ['account.name', 'company_name'],
        ['account.salesforce/tier', 'tier'],
      ]),
    });
    const message = userMessage({ account: { id: 'a', name: 'Acme', 'salesforce/tier': 'gold' } });
    expect(buildContactFields(message, 'lead', settings).fields).toEqual({
      'custom_attributes.company_name': 'Acme',
      'custom_attributes.tier': 'gold',
      email: 'ada@example.org',
    });
  });

  describe('several rows to one Intercom field', () => {
    const settings = settingsWith({
      outgoing_user_attributes: mapping([
        ['industry', 'custom_attributes.industry'],
        ['account.industry', 'custom_attributes.industry'],
      ]),
    });
    const fieldsOf = (user: Record<string, unknown>, account: Record<string, unknown> = { id: 'a' }) =>
      buildContactFields(
        userMessage({ user: { id: 'u', email: 'ada@example.org', ...user }, account }),
        'user',
        settings,
      );

    it('sends the first non-empty value in row order', () => {
      expect(fieldsOf({ traits_industry: 'Retail' }, { id: 'a', industry: 'Aerospace' }).fields).toMatchObject({
        'custom_attributes.industry': 'Retail',
      });
      // An empty first row (absent, null or "") does not hide the second row's value.
      for (const empty of [{}, { traits_industry: null }, { traits_industry: '' }]) {
        expect(fieldsOf(empty, { id: 'a', industry: 'Aerospace' }).fields).toMatchObject({
          'custom_attributes.industry': 'Aerospace',
        });
      }
    });

    it('clears only when every row is empty', () => {
      expect(fieldsOf({ traits_industry: '' }, { id: 'a', industry: null }).fields).toMatchObject({
        'custom_attributes.industry': null,
      });
    });

    it('leaves the field out when the only value cannot be converted', () => {
      const dated = settingsWith({
        outgoing_user_attributes: mapping([
          ['renews_at', 'custom_attributes.renews_at'],
          ['account.renews_at', 'custom_attributes.renews_at'],
        ]),
      });
      const built = buildContactFields(
        userMessage({ user: { id: 'u', email: 'ada@example.org', traits_renews_at: 'soon' }, account: { id: 'a' } }),
        'user',
        dated,
      );
      expect(built.fields).not.toHaveProperty('custom_attributes.renews_at');
      expect(built.notes).toEqual([expect.stringMatching(/renews_at → custom_attributes.renews_at: not sent/)]);
    });
  });

  it('yields null for an account attribute when the user has no account', () => {
    const settings = settingsWith({ outgoing_user_attributes: mapping([['account.name', 'company_name']]) });
    expect(buildContactFields(userMessage(), 'user', settings).fields['custom_attributes.company_name']).toBeNull();
  });

  it('converts Hull ISO dates to Unix seconds for standard *_at fields and custom *_at / *_date attributes', () => {
    const settings = settingsWith({
      outgoing_user_attributes: mapping([
        ['created_at', 'signed_up_at'],
        ['trial_end', 'trial_ends_at'],
        ['renewal', 'custom_attributes.renewal_date'],
      ]),
    });
    const message = userMessage({
      user: {
        id: 'u',
        created_at: '2024-01-02T03:04:05Z',
        traits_trial_end: '2024-02-01T00:00:00.000Z',
        traits_renewal: 1706745600000,
      },
    });
    expect(buildContactFields(message, 'user', settings).fields).toMatchObject({
      signed_up_at: 1704164645,
      'custom_attributes.trial_ends_at': 1706745600,
      'custom_attributes.renewal_date': 1706745600,
    });
  });

  it('leaves out a value that is not a date and says why', () => {
    const settings = settingsWith({ outgoing_user_attributes: mapping([['signup', 'signed_up_at']]) });
    const built = buildContactFields(
      userMessage({ user: { id: 'u', traits_signup: 'last tuesday' } }),
      'user',
      settings,
    );
    expect(built.fields).not.toHaveProperty('signed_up_at');
    expect(built.notes).toEqual([
      'outgoing_user_attributes: signup → signed_up_at: not sent, "last tuesday" is not a date Intercom can store (Unix seconds)',
    ]);
  });

  it('turns arrays and objects into JSON text, as Hull connector did', () => {
    const settings = settingsWith({
      outgoing_user_attributes: mapping([
        ['roles', 'roles'],
        ['address', 'address'],
        ['roles', 'name'],
      ]),
    });
    const message = userMessage({
      user: { id: 'u', traits_roles: ['admin', 'owner'], traits_address: { city: 'Paris' } },
    });
    expect(buildContactFields(message, 'user', settings).fields).toMatchObject({
      'custom_attributes.roles': '["admin","owner"]',
      'custom_attributes.address': '{"city":"Paris"}',
      name: '["admin","owner"]',
    });
  });

  it('keeps booleans and numbers, and stringifies them for string fields', () => {
    const settings = settingsWith({
      outgoing_user_attributes: mapping([
        ['score', 'score'],
        ['unsub', 'unsubscribed_from_emails'],
        ['owner', 'owner_id'],
      ]),
    });
    const message = userMessage({ user: { id: 'u', traits_score: 4.5, traits_unsub: 'true', traits_owner: 321 } });
    expect(buildContactFields(message, 'user', settings).fields).toMatchObject({
      'custom_attributes.score': 4.5,
      unsubscribed_from_emails: true,
      owner_id: '321',
    });
  });

  it(`truncates custom attribute strings beyond ${CUSTOM_STRING_LIMIT} characters and reports it`, () => {
    const settings = settingsWith({ outgoing_user_attributes: mapping([['bio', 'bio']]) });
    const built = buildContactFields(
      userMessage({ user: { id: 'u', traits_bio: `${'x'.repeat(254)}🚀🚀` } }),
      'user',
      settings,
    );
    expect(built.fields['custom_attributes.bio']).toBe(`${'x'.repeat(254)}🚀`);
    expect(built.notes).toEqual([
      "outgoing_user_attributes: bio → bio: truncated to 255 characters (Intercom's limit)",
    ]);
  });

  it('yields null for absent and null attributes (the diff decides whether to send it)', () => {
    const settings = settingsWith({
      outgoing_user_attributes: mapping([
        ['phone', 'phone'],
        ['plan', 'plan'],
      ]),
    });
    const built = buildContactFields(userMessage({ user: { id: 'u', traits_plan: null } }), 'user', settings);
    expect(built.fields).toMatchObject({ phone: null, 'custom_attributes.plan': null });
  });

  it('takes identity fields from the claims, claims winning over mappings, and skips empty claims', () => {
    const settings = settingsWith({ outgoing_user_attributes: mapping([['work_email', 'email']]) });
    const message = userMessage({
      user: { id: 'u', email: 'ada@example.org', external_id: 'u-17', traits_work_email: 'w@x.io' },
    });
    expect(buildContactFields(message, 'user', settings).fields).toEqual({
      email: 'ada@example.org',
      external_id: 'u-17',
    });
    const noExternal = userMessage({ user: { id: 'u', email: 'ada@example.org', external_id: null } });
    expect(buildContactFields(noExternal, 'user', settings).fields).toEqual({ email: 'ada@example.org' });
  });

  it('uses lead_claims for leads: no external_id', () => {
    const message = userMessage({ user: { id: 'u', email: 'ada@example.org', external_id: 'u-17' } });
    expect(buildContactFields(message, 'lead', settingsWith()).fields).toEqual({ email: 'ada@example.org' });
  });

  it('never writes role, and ignores read-only targets with a note', () => {
    const settings = settingsWith({
      outgoing_user_attributes: mapping([
        ['kind', 'role'],
        ['created_at', 'created_at'],
      ]),
    });
    const built = buildContactFields(
      userMessage({ user: { id: 'u', traits_kind: 'lead', created_at: '2024-01-01' } }),
      'user',
      settings,
    );
    expect(built.fields).not.toHaveProperty('role');
    expect(built.fields).not.toHaveProperty('created_at');
    expect(built.notes).toEqual([
      'outgoing_user_attributes: kind → role: ignored, role is set by the engine from the segment filters',
      "outgoing_user_attributes: created_at → created_at: ignored, created_at is read-only in Intercom's contact API",
    ]);
  });
});

describe('buildCompanyFields', () => {
  const account = (input: Record<string, unknown>) => hullAccountSchema.parse(input);

  it('takes company_id from account_claims apart from the fields, and maps the rest', () => {
    const settings = settingsWith({
      outgoing_account_attributes: mapping([
        ['name', 'name'],
        ['employees', 'size'],
        ['salesforce/arr', 'monthly_spend'],
        ['salesforce/segment', 'segment_name'],
        ['founded_at', 'remote_created_at'],
      ]),
    });
    const built = buildCompanyFields(
      account({
        id: 'a',
        external_id: 'acme',
        domain: 'acme.com',
        name: 'Acme',
        employees: '120',
        'salesforce/arr': 1999.9,
        'salesforce/segment': 'SMB',
        founded_at: '2001-01-01T00:00:00Z',
      }),
      settings,
    );
    expect(built).toEqual({
      companyId: 'acme',
      fields: {
        name: 'Acme',
        size: 120,
        monthly_spend: 1999,
        'custom_attributes.segment_name': 'SMB',
        remote_created_at: 978307200,
        website: 'acme.com',
      },
      notes: [],
    });
  });

  it('lets a website mapping win over the domain claim', () => {
    const settings = settingsWith({ outgoing_account_attributes: mapping([['url', 'website']]) });
    const built = buildCompanyFields(account({ id: 'a', domain: 'acme.com', url: 'https://www.acme.com' }), settings);
    expect(built.fields).toEqual({ website: 'https://www.acme.com' });
    expect(built.companyId).toBeUndefined();
  });

  it('accepts an account. prefix and refuses a mapping onto company_id', () => {
    const settings = settingsWith({
      outgoing_account_attributes: mapping([
        ['account.industry', 'industry'],
        ['name', 'company_id'],
      ]),
    });
    const built = buildCompanyFields(
      account({ id: 'a', external_id: 'acme', industry: 'Retail', name: 'Acme' }),
      settings,
    );
    expect(built.fields).toEqual({ industry: 'Retail' });
    expect(built.notes).toEqual([
      'outgoing_account_attributes: name → company_id: ignored, company_id comes from account_claims (the upsert key)',
    ]);
  });
});

describe('toIntercomBody', () => {
  it('nests custom attributes and keeps standard fields (nulls included) at the top', () => {
    expect(
      toIntercomBody({ name: 'Ada', phone: null, 'custom_attributes.plan': 'pro', 'custom_attributes.seats': 3 }),
    ).toEqual({
      name: 'Ada',
      phone: null,
      custom_attributes: { plan: 'pro', seats: 3 },
    });
    expect(toIntercomBody({ name: 'Ada' })).toEqual({ name: 'Ada' });
  });
});
