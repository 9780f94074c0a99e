import { readAttribute, readString, toUnixSeconds } from '../../../../src/sync/outgoing/hull-values';

describe('toUnixSeconds', () => {
  it.each([
    ['2024-01-02T03:04:05Z', 1704164645],
    ['2024-01-02T03:04:05.999Z', 1704164645],
    ['2024-01-02T04:04:05+01:00', 1704164645],
    ['2024-01-02T03:04:05', 1704164645],
    ['2024-01-02', 1704153600],
    ['2018-03-30 14:38:02 UTC', 1522420682],
    [1704164645, 1704164645],
    [1704164645123, 1704164645],
    ['1704164645', 1704164645],
    ['1704164645123', 1704164645],
    [1704164645.7, 1704164645],
  ])('reads %j', (input, expected) => {
    expect(toUnixSeconds(input)).toBe(expected);
  });

  it.each([['not a date'], ['March 7'], [''], [null], [undefined], [true], [{}], [-5], [Number.NaN]])(
    'rejects %j',
    (input) => {
      expect(toUnixSeconds(input)).toBeUndefined();
    },
  );
});

describe('readAttribute', () => {
  it('reads flat group/name keys and falls back to the nested view', () => {
    expect(readAttribute({ 'intercom_user/id': 'a' }, 'intercom_user/id')).toBe('a');
    expect(readAttribute({ intercom_user: { id: 'b' } }, 'intercom_user/id')).toBe('b');
    expect(readAttribute({ intercom_user: 'x' }, 'intercom_user/id')).toBeUndefined();
    expect(readAttribute(undefined, 'email')).toBeUndefined();
  });

  it('readString trims and ignores empty values', () => {
    expect(readString({ email: '  a@b.c ' }, 'email')).toBe('a@b.c');
    expect(readString({ email: '   ' }, 'email')).toBeUndefined();
    expect(readString({ n: 42 }, 'n')).toBe('42');
    expect(readString({ n: [] }, 'n')).toBeUndefined();
  });
});
