import { activationDefinitionSchema } from '../../../../src/sync/activations/definition';
import {
  decide,
  fieldDiff,
  needsTarget,
  triage,
  writtenState,
  type RowState,
} from '../../../../src/sync/activations/plan';
import {
  convertValue,
  isProblem,
  prepareRow,
  withoutDuplicateKeys,
  type PreparedRow,
} from '../../../../src/sync/activations/rows';

const definition = (overrides: Record<string, unknown> = {}) =>
  activationDefinitionSchema.parse({
    name: 'a',
    source: { kind: 'csv', path: 'x.csv' },
    object: 'contact',
    behaviour: 'upsert',
    identifier: { field: 'external_id', column: 'id' },
    mapping: [
      { column: 'name', field: 'name' },
      { column: 'plan', field: 'custom_attributes.plan' },
    ],
    ...overrides,
  });

const row = (values: Record<string, unknown>, overrides: Record<string, unknown> = {}) => {
  const prepared = prepareRow(definition(overrides), { line: 7, values });
  if (isProblem(prepared)) throw new Error(prepared.reason);
  return prepared;
};

describe('rows', () => {
  it('converts values to the field types and names the line, column and value when it cannot', () => {
    expect(convertValue('42', 'integer')).toEqual({ ok: true, value: 42 });
    expect(convertValue('yes', 'boolean')).toEqual({ ok: true, value: true });
    expect(convertValue('2024-01-02T00:00:00Z', 'date')).toEqual({ ok: true, value: 1704153600 });
    expect(convertValue(1704153600000, 'date')).toEqual({ ok: true, value: 1704153600 });
    expect(convertValue('', 'integer')).toEqual({ ok: true, value: null });
    const bad = prepareRow(
      definition({ mapping: [{ column: 'seats', field: 'custom_attributes.seats', type: 'integer' }] }),
      {
        line: 3,
        values: { id: 'x1', seats: 'many' },
      },
    );
    expect(bad).toEqual({
      line: 3,
      key: 'x1',
      status: 'failed',
      reason: 'line 3 (key x1): column "seats" (custom_attributes.seats): "many" is not a whole number',
    });
    expect(prepareRow(definition(), { line: 4, values: { id: '', name: 'n' } })).toMatchObject({
      status: 'failed',
      key: 'line:4',
    });
  });

  it('skips a row without the identifier it is found by, and fails repeated keys', () => {
    expect(prepareRow(definition({ key: 'k' }), { line: 2, values: { k: 'k1', id: null } })).toMatchObject({
      status: 'skipped',
      reason: expect.stringContaining('no external_id in column "id"'),
    });
    const rows = withoutDuplicateKeys([row({ id: 'a' }), { ...row({ id: 'a' }), line: 9 }]);
    expect(rows[1]).toMatchObject({
      status: 'failed',
      reason: 'line 9: the key a repeats line 7 (the key column must be unique)',
    });
  });
});

describe('planning a row', () => {
  const written = (prepared: PreparedRow, id = 'c1'): RowState =>
    writtenState(prepared, id, prepared.fields, undefined, false);

  it('leaves an unchanged row alone and updates a changed one by the remembered id with only the changed fields', () => {
    const first = row({ id: 'e1', name: 'Ann', plan: 'free' });
    const state = written(first);
    expect(triage(first, state)).toEqual({ kind: 'unchanged' });
    const changed = row({ id: 'e1', name: 'Ann', plan: 'pro' });
    expect(triage(changed, state)).toEqual({ kind: 'known', id: 'c1' });
    expect(decide(definition(), changed, state, undefined)).toEqual({
      kind: 'update',
      id: 'c1',
      fields: { 'custom_attributes.plan': 'pro' },
      all: changed.fields,
    });
    expect(triage(changed, { ...state, status: 'failed' }, { retryFailedOnly: true })).toEqual({
      kind: 'known',
      id: 'c1',
    });
    expect(triage(first, state, { retryFailedOnly: true })).toBe('not-failed');
  });

  it("follows Hevo's upsert: found updates, none creates with the identifier; by id, an empty id inserts and another fails", () => {
    const fresh = row({ id: 'e2', name: 'Bo', plan: null });
    expect(decide(definition(), fresh, undefined, { kind: 'none' })).toEqual({
      kind: 'create',
      fields: { name: 'Bo', external_id: 'e2', role: 'user' },
    });
    expect(decide(definition(), fresh, undefined, { kind: 'found', id: 'c9', current: {} })).toMatchObject({
      kind: 'update',
      id: 'c9',
    });
    const byId = { identifier: { field: 'id', column: 'id' }, key: 'k' };
    const empty = row({ k: 'k1', id: '', name: 'New' }, byId);
    expect(decide(definition(byId), empty, undefined, undefined)).toMatchObject({ kind: 'create' });
    const other = row({ k: 'k2', id: 'deadbeef', name: 'X' }, byId);
    expect(decide(definition(byId), other, undefined, { kind: 'none' })).toMatchObject({
      kind: 'fail',
      code: 'not_found',
    });
  });

  it('fails archived and recently deleted records with the reason, and update or insert as the document says', () => {
    const r = row({ id: 'e3', name: 'C' });
    expect(decide(definition(), r, undefined, { kind: 'archived', id: 'c3' })).toMatchObject({
      kind: 'fail',
      code: 'archived',
    });
    expect(
      decide(definition(), r, undefined, { kind: 'deleted', id: 'c3', since: '2026-01-01T00:00:00Z' }),
    ).toMatchObject({
      kind: 'fail',
      code: 'deleted',
      reason: expect.stringContaining('keeps deleted records 7 days'),
    });
    expect(decide(definition({ behaviour: 'update' }), r, undefined, { kind: 'none' })).toMatchObject({
      kind: 'fail',
      reason: 'no contact has external_id e3; update changes existing records only',
    });
    const company = {
      object: 'company',
      behaviour: 'insert',
      identifier: undefined,
      key: 'id',
      mapping: [
        { column: 'id', field: 'company_id' },
        { column: 'name', field: 'name' },
      ],
    };
    const co = row({ id: 'co-1', name: 'Acme' }, company);
    expect(decide(definition(company), co, undefined, { kind: 'found', id: 'x', current: {} })).toMatchObject({
      kind: 'fail',
      code: 'duplicate',
    });
    expect(decide(definition(company), co, undefined, { kind: 'none' })).toEqual({
      kind: 'upsert-company',
      companyId: 'co-1',
      fields: { name: 'Acme' },
      all: co.fields,
    });
  });

  it('looks rows up only where the write cannot tell, and diffs fields against Intercom', () => {
    expect(needsTarget(definition())).toBe('contact');
    expect(
      needsTarget(definition({ behaviour: 'delete', identifier: { field: 'id', column: 'id' }, mapping: [] })),
    ).toBeUndefined();
    expect(
      needsTarget(
        definition({
          object: 'company_tag',
          behaviour: 'apply',
          identifier: { field: 'company_id', column: 'id' },
          mapping: [],
          tag: { name: 'T' },
        }),
      ),
    ).toBeUndefined();
    expect(
      fieldDiff({ name: 'A', 'custom_attributes.plan': 'pro' }, { name: 'A', 'custom_attributes.plan': 'free' }),
    ).toEqual({
      'custom_attributes.plan': { from: 'free', to: 'pro' },
    });
  });
});
