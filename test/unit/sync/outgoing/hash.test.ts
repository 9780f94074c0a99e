import { createHash } from 'node:crypto';
import { canonicalJson, sha256Hex, shortHash } from '../../../../src/sync/outgoing/hash';

const nodeSha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('sha256Hex', () => {
  it.each([
    '',
    'abc',
    'a'.repeat(55),
    'a'.repeat(56),
    'a'.repeat(64),
    'a'.repeat(1000),
    'héllo wörld — ünïcode ✓',
    'emoji 🚀 and CJK 漢字',
  ])('matches node:crypto for %j', (text) => {
    expect(sha256Hex(text)).toBe(nodeSha256(text));
  });

  it('encodes a lone surrogate as U+FFFD, like node does', () => {
    expect(sha256Hex('x\ud800y')).toBe(nodeSha256('x\ud800y'));
  });
});

describe('canonicalJson and shortHash', () => {
  it('ignores key order at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"e":3,"f":2}]},"b":1}',
    );
    expect(shortHash({ x: 1, y: 2 })).toBe(shortHash({ y: 2, x: 1 }));
  });

  it('tells types apart and gives 12 hex characters', () => {
    expect(shortHash('1')).not.toBe(shortHash(1));
    expect(shortHash(true)).not.toBe(shortHash('true'));
    expect(shortHash(null)).toMatch(/^[0-9a-f]{12}$/);
  });
});
