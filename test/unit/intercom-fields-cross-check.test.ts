/**
 * The engine's list of Intercom's contact and company fields (src/sync/outgoing/intercom-fields.ts) and
 * the Intercom simulator's serializers are written apart on purpose: were they one list, a field missing
 * from it would be missing on both sides and no test would notice. Instead each side is held here to
 * Intercom's OpenAPI description of REST API 2.16.
 */
import { readFileSync } from 'node:fs';
import { contactToJson, INTERCOM_SPEC_PATH, IntercomSimulator } from '@hull-intercom-sync/intercom-simulator';
import { parse } from 'yaml';
import {
  classifyTarget,
  COMPANY_WRITABLE_FIELDS,
  CONTACT_WRITABLE_FIELDS,
  type IntercomModel,
} from '../../src/sync/outgoing/intercom-fields';

interface SchemaProperty {
  type?: string;
}
type Schemas = Record<string, { properties?: Record<string, SchemaProperty> }>;

const schemas = (parse(readFileSync(INTERCOM_SPEC_PATH, 'utf8')) as { components: { schemas: Schemas } }).components
  .schemas;

const propertiesOf = (...names: string[]): Record<string, SchemaProperty> =>
  Object.assign({}, ...names.map((name) => schemas[name]?.properties ?? {})) as Record<string, SchemaProperty>;

/** Custom attributes are written under their own key; every other property is a standard field. */
const standardFields = (properties: Record<string, SchemaProperty>): string[] =>
  Object.keys(properties)
    .filter((name) => name !== 'custom_attributes')
    .sort();

const WRITES: Record<IntercomModel, { request: string[]; response: string; fields: Record<string, string> }> = {
  contact: {
    request: ['create_contact_request', 'update_contact_request'],
    response: 'contact',
    fields: CONTACT_WRITABLE_FIELDS,
  },
  company: { request: ['create_or_update_company_request'], response: 'company', fields: COMPANY_WRITABLE_FIELDS },
};

describe.each(Object.entries(WRITES))("the engine's %s fields", (model, { request, response, fields }) => {
  const writable = propertiesOf(...request);

  it('are exactly the standard fields the create and update requests accept', () => {
    expect(Object.keys(fields).sort()).toEqual(standardFields(writable));
  });

  it('carry the JSON type the requests declare (dates are integers on the wire)', () => {
    const wireType = (type: string) => (type === 'date' ? 'integer' : type);
    for (const [name, type] of Object.entries(fields)) {
      expect([name, wireType(type)]).toEqual([name, writable[name]?.type]);
    }
  });

  it('classify every field of the response model as standard or read-only, never as a custom attribute', () => {
    const custom = standardFields(propertiesOf(response)).filter(
      (name) => classifyTarget(model as IntercomModel, name).kind === 'custom',
    );
    expect(custom).toEqual([]);
  });
});

describe("the Intercom simulator's serializers", () => {
  const sim = new IntercomSimulator();
  sim.seed({ users: 3, leads: 1, companies: 1, seed: 1 });
  const contact = [...sim.store.contacts.values()].find((candidate) => candidate.role === 'user')!;
  // Unset optional company fields are left out of the JSON, so this company has every one set.
  const company = sim.createCompany(
    { company_id: 'c-1', name: 'Acme', plan: 'pro', size: 5, website: 'https://acme.test', industry: 'Software' },
    { at: 1_700_000_000, overrides: { remote_created_at: 1_600_000_000, last_request_at: 1_700_000_000 } },
  );

  it('return every property of the contact model', () => {
    const json = contactToJson(sim.store, contact, { includeMergeHistory: true });
    expect(Object.keys(propertiesOf('contact')).filter((name) => !(name in json))).toEqual([]);
  });

  it('return every property of the company model', () => {
    expect(Object.keys(propertiesOf('company')).filter((name) => !(name in company))).toEqual([]);
  });
});
