/** Intercom records mapped to Hull writes: list objects, social profile URL traits, companies' lists. */
import { connectorSettingsSchema } from '../../../../src/config/connector-settings';
import { companySchema, contactSchema } from '../../../../src/intercom/schemas';
import { mapCompanyToHull } from '../../../../src/sync/incoming/company-to-hull';
import { mapContactToHull, socialProfileAttribute } from '../../../../src/sync/incoming/contact-to-hull';
import { listNames, toHullValue } from '../../../../src/sync/incoming/values';

const settings = (input: Record<string, unknown> = {}) => connectorSettingsSchema.parse(input);

describe('list objects', () => {
  it('become the names of their items, whatever key holds them', () => {
    const segment = (name: string) => ({ type: 'segment', id: `s-${name}`, name, person_type: 'user' });
    expect(listNames({ type: 'segment.list', segments: [segment('Paying'), segment('Trial')] })).toEqual([
      'Paying',
      'Trial',
    ]);
    expect(listNames({ type: 'tag.list', tags: [{ type: 'tag', id: '1', name: 'vip' }] })).toEqual(['vip']);
    expect(listNames({ type: 'tag.list', data: [{ type: 'tag', id: '1', name: 'vip' }] })).toEqual(['vip']);
    expect(
      listNames({
        type: 'company.list',
        companies: [
          { id: 'c1', name: 'Acme' },
          { id: 'c2', name: 'Acme' },
        ],
      }),
    ).toEqual(['Acme']);
    expect(listNames({ type: 'list', data: [], url: '/contacts/1/notes', total_count: 0, has_more: false })).toEqual(
      [],
    );
  });

  it('fall back to ids where Intercom embeds no names', () => {
    expect(listNames({ type: 'list', data: [{ type: 'note', id: 'n-1', url: '/notes/n-1' }] })).toEqual(['n-1']);
  });

  it('are never written as JSON text; other objects still are', () => {
    expect(toHullValue('segments', { type: 'segment.list', segments: [{ id: '9', name: 'Paying' }] })).toEqual([
      'Paying',
    ]);
    expect(toHullValue('plan', { type: 'plan', id: '1', name: 'Pro' })).toBe('{"type":"plan","id":"1","name":"Pro"}');
    expect(listNames({ type: 'plan', id: '1' })).toBeUndefined();
  });
});

describe('companies', () => {
  const company = companySchema.parse({
    type: 'company',
    id: 'ic-co-1',
    company_id: 'acme',
    name: 'Acme',
    tags: { type: 'tag.list', tags: [{ type: 'tag', id: '1', name: 'vip' }] },
    segments: { type: 'segment.list', segments: [{ type: 'segment', id: '7', name: 'Enterprise' }] },
  });

  it('write tags and segments as names', () => {
    const mapped = mapCompanyToHull(
      company,
      settings({
        incoming_account_attributes: [
          { service: 'tags', hull: 'intercom/tags', overwrite: true },
          { service: 'segments', hull: 'intercom/segments', overwrite: true },
        ],
      }),
    );
    expect(mapped.traits).toMatchObject({ 'intercom/tags': ['vip'], 'intercom/segments': ['Enterprise'] });
  });

  it('no default mapping writes a list object as JSON text', () => {
    const { traits } = mapCompanyToHull(company, settings());
    const texts = Object.values(traits).map((value) => (typeof value === 'string' ? value : JSON.stringify(value)));
    expect(texts.filter((text) => /"type":"[a-z_]*\.?list"/.test(text))).toEqual([]);
  });
});

describe('social profiles', () => {
  const contact = contactSchema.parse({
    type: 'contact',
    id: 'ic-1',
    role: 'lead',
    email: 'ada@example.org',
    updated_at: 1_700_000_000,
    social_profiles: {
      type: 'list',
      data: [
        { type: 'social_profile', name: 'Twitter', url: 'https://twitter.com/ada' },
        { type: 'social_profile', name: 'Facebook', url: 'https://facebook.com/ada' },
        { type: 'social_profile', name: 'Twitter', url: 'https://twitter.com/ada_other' },
      ],
    },
  });
  const extras = { tags: [], companies: [] };

  it('also become one URL trait per network in the role group', () => {
    const { traits } = mapContactToHull(contact, settings(), extras);
    expect(traits).toMatchObject({
      'intercom_lead/social_profiles': [
        'https://twitter.com/ada',
        'https://facebook.com/ada',
        'https://twitter.com/ada_other',
      ],
      'intercom_lead/twitter_url': 'https://twitter.com/ada',
      'intercom_lead/facebook_url': 'https://facebook.com/ada',
    });
  });

  it('follow the social_profiles row: its overwrite rule, and nothing when it is not mapped', () => {
    const keep = settings({
      incoming_lead_attributes: [{ service: 'social_profiles', hull: 'intercom_lead/socials', overwrite: false }],
    });
    expect(mapContactToHull(contact, keep, extras).traits['intercom_lead/twitter_url']).toEqual({
      operation: 'setIfNull',
      value: 'https://twitter.com/ada',
    });
    const none = settings({
      incoming_lead_attributes: [{ service: 'email', hull: 'intercom_lead/email', overwrite: true }],
    });
    expect(Object.keys(mapContactToHull(contact, none, extras).traits).filter((k) => k.endsWith('_url'))).toEqual([]);
  });

  it('name networks as Hull did, lower-cased', () => {
    expect(socialProfileAttribute('LinkedIn')).toBe('linkedin_url');
    expect(socialProfileAttribute(' Google Plus ')).toBe('google_plus_url');
  });
});
