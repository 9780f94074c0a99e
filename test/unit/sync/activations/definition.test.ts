import { describeIssues } from '../../../../src/config/issues';
import {
  ACTIVATION_BEHAVIOURS,
  ACTIVATION_OBJECTS,
  activationDefinitionSchema,
  BEHAVIOUR_RULES,
  columnsOf,
  IDENTIFIER_FIELDS,
  refusal,
} from '../../../../src/sync/activations/definition';

const base = {
  name: 'customers',
  source: { kind: 'postgres', query: 'SELECT * FROM customers' },
  object: 'contact',
  behaviour: 'upsert',
  identifier: { field: 'external_id', column: 'id' },
  mapping: [{ column: 'email', field: 'email' }],
};

const problems = (input: unknown) => {
  const parsed = activationDefinitionSchema.safeParse(input);
  return parsed.success ? [] : describeIssues(parsed.error.issues, input);
};

describe('activation definitions', () => {
  it("allows exactly Hevo's behaviour × object × identifier matrix", () => {
    const allowed: string[] = [];
    for (const object of ACTIVATION_OBJECTS)
      for (const behaviour of ACTIVATION_BEHAVIOURS)
        for (const field of [undefined, ...IDENTIFIER_FIELDS])
          if (refusal(object, behaviour, field) === undefined) allowed.push(`${object} ${behaviour} ${field ?? '-'}`);
    expect(allowed).toEqual([
      'contact upsert id',
      'contact upsert external_id',
      'contact upsert email',
      'contact update id',
      'contact update external_id',
      'contact update email',
      'contact insert -',
      'contact delete id',
      'contact archive id',
      'company upsert id',
      'company upsert company_id',
      'company update id',
      'company update company_id',
      'company insert -',
      'company delete id',
      'contact_tag apply id',
      'contact_tag apply external_id',
      'contact_tag apply email',
      'contact_tag remove id',
      'contact_tag remove external_id',
      'contact_tag remove email',
      'company_tag apply id',
      'company_tag apply company_id',
      'company_tag remove id',
      'company_tag remove company_id',
      'conversation_tag apply id',
      'conversation_tag remove id',
    ]);
    expect(Object.keys(BEHAVIOUR_RULES)).toEqual([...ACTIVATION_OBJECTS]);
  });

  it('says why a combination is refused', () => {
    expect(refusal('contact', 'delete', 'email')).toBe(
      'delete on contact cannot use identifier email (Intercom deletes records by their Intercom id only): use id',
    );
    expect(refusal('company', 'archive', 'id')).toBe(
      'only contacts can be archived (company takes upsert, update, insert, delete)',
    );
    expect(refusal('contact', 'apply', 'id')).toMatch(/^apply is for tag objects/);
    expect(refusal('contact_tag', 'upsert', 'id')).toBe('contact_tag does not take upsert (it takes apply, remove)');
  });

  it('accepts a valid definition with defaults, and Hevo\'s "behavior" spelling', () => {
    const parsed = activationDefinitionSchema.parse({ ...base, behaviour: undefined, behavior: 'update' });
    expect(parsed).toMatchObject({
      behaviour: 'update',
      page_size: 250,
      source: { connection_env: 'ACTIVATIONS_SOURCE_DATABASE_URL' },
    });
    expect(columnsOf(parsed)).toEqual(['id', 'email']);
  });

  it('reports every problem as one readable line', () => {
    expect(
      problems({
        ...base,
        name: 'Bad Name',
        behaviour: 'insert',
        mapping: [
          { column: 'a', field: 'nickname' },
          { column: 'b', field: 'custom_attributes.' },
        ],
      }),
    ).toEqual([
      expect.stringMatching(/^name: must be 1-63 lowercase letters/),
      'combination: insert takes no identifier: it adds new records, which Intercom identifies itself (remove identifier)',
      'key: insert needs a key column that identifies a row from one run to the next (so a re-run does not insert it again)',
      expect.stringMatching(
        /^mapping\[0\]\.field: nickname is not a writable contact field .*a custom attribute is custom_attributes\.nickname \(got "nickname"\)$/,
      ),
      'mapping[1].field: custom_attributes. needs an attribute name (got "custom_attributes.")',
    ]);
    expect(
      problems({
        ...base,
        object: 'conversation_tag',
        behaviour: 'apply',
        identifier: { field: 'id', column: 'c' },
        mapping: [],
      }),
    ).toEqual([
      'tag: a tag object needs tag: {name: "<tag>"} or {column: "<column>"}',
      'admin_id: conversation tags are applied by an Intercom admin: set admin_id',
    ]);
    expect(problems({ ...base, behaviour: 'upsert', identifier: { field: 'id', column: 'id' } })).toEqual([
      'key: upsert by id inserts rows whose id is empty, so it needs a key column that identifies a row from one run to the next',
    ]);
    expect(
      problems({
        ...base,
        object: 'company',
        behaviour: 'insert',
        identifier: undefined,
        key: 'id',
        mapping: [{ column: 'n', field: 'name' }],
      }),
    ).toEqual([
      expect.stringMatching(
        /^mapping: inserting companies needs company_id mapped \(Intercom creates companies by company_id\)/,
      ),
    ]);
  });
});
