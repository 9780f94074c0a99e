import {
  changedFields,
  fingerprint,
  mergeFingerprint,
  parseFingerprint,
  serializeFingerprint,
} from '../../../../src/sync/outgoing/diff';

describe('fingerprint', () => {
  it('gives a short stable hash per field', () => {
    const first = fingerprint({ name: 'Ada', 'custom_attributes.seats': 3 });
    expect(Object.keys(first)).toEqual(['name', 'custom_attributes.seats']);
    expect(first.name).toMatch(/^[0-9a-f]{12}$/);
    expect(fingerprint({ 'custom_attributes.seats': 3, name: 'Ada' })).toEqual(first);
    expect(fingerprint({ name: 'Ada ' }).name).not.toBe(first.name);
  });
});

describe('changedFields', () => {
  const sent = { name: 'Ada', email: 'ada@example.org', 'custom_attributes.plan': 'pro' };
  const previous = fingerprint(sent);

  it('sends every non-null field on the first write', () => {
    expect(changedFields({ ...sent, phone: null }, undefined)).toEqual(sent);
  });

  it('sends nothing when nothing changed', () => {
    expect(changedFields(sent, previous)).toEqual({});
  });

  it('sends only the changed fields', () => {
    expect(changedFields({ ...sent, 'custom_attributes.plan': 'enterprise' }, previous)).toEqual({
      'custom_attributes.plan': 'enterprise',
    });
  });

  it('notices a type change of the same text', () => {
    const before = fingerprint({ 'custom_attributes.seats': '3' });
    expect(changedFields({ 'custom_attributes.seats': 3 }, before)).toEqual({ 'custom_attributes.seats': 3 });
  });

  it('clears with null a field that was sent with a value', () => {
    expect(changedFields({ ...sent, 'custom_attributes.plan': null }, previous)).toEqual({
      'custom_attributes.plan': null,
    });
  });

  it('never sends null for a field never sent', () => {
    expect(changedFields({ ...sent, phone: null }, previous)).toEqual({});
  });

  it('does not clear a field again once the clear was recorded', () => {
    const afterClear = mergeFingerprint(previous, { 'custom_attributes.plan': null });
    expect(changedFields({ ...sent, 'custom_attributes.plan': null }, afterClear)).toEqual({});
    // A fingerprint holding the hash of null (e.g. built with fingerprint()) means the same.
    expect(changedFields({ phone: null }, fingerprint({ phone: null }))).toEqual({});
  });

  it('leaves fields alone whose mapping was removed', () => {
    expect(changedFields({ name: 'Ada' }, previous)).toEqual({});
  });

  it('sends email along with email_verified, as Intercom requires', () => {
    const withVerified = { ...sent, email_verified: true };
    expect(changedFields(withVerified, previous)).toEqual({ email_verified: true, email: 'ada@example.org' });
  });
});

describe('mergeFingerprint', () => {
  it('records what was sent on top of what was known', () => {
    const previous = fingerprint({ name: 'Ada', phone: '+1' });
    const merged = mergeFingerprint(previous, { phone: '+2', 'custom_attributes.plan': 'pro' });
    expect(merged).toEqual({ ...fingerprint({ name: 'Ada', phone: '+2', 'custom_attributes.plan': 'pro' }) });
    expect(mergeFingerprint(undefined, { name: 'Ada' })).toEqual(fingerprint({ name: 'Ada' }));
  });

  it('forgets cleared fields', () => {
    expect(mergeFingerprint(fingerprint({ name: 'Ada', phone: '+1' }), { phone: null })).toEqual(
      fingerprint({ name: 'Ada' }),
    );
  });
});

describe('serializeFingerprint / parseFingerprint', () => {
  it('round-trips through one string with sorted keys', () => {
    const value = fingerprint({ name: 'Ada', 'custom_attributes.plan': 'pro' });
    const text = serializeFingerprint(value);
    expect(text.startsWith('v1:{"custom_attributes.plan":')).toBe(true);
    expect(parseFingerprint(text)).toEqual(value);
  });

  it.each([
    [undefined],
    [null],
    [42],
    ['garbage'],
    ['v1:{not json'],
    ['v1:[1,2]'],
    ['v1:null'],
    ['v0:{}'],
    [{ a: 'b' }],
  ])('reads %j as unknown', (input) => {
    expect(parseFingerprint(input)).toBeUndefined();
  });

  it('drops malformed entries and keeps the rest', () => {
    const good = fingerprint({ name: 'Ada' });
    const text = `v1:${JSON.stringify({ ...good, phone: 'XYZ', plan: 7 })}`;
    expect(parseFingerprint(text)).toEqual(good);
  });
});
