/** State files: absent reads as nothing, writes are atomic and skipped when unchanged, bad files say why. */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keepSaved, StateFile, StateFileError } from '../src';

const directory = (): string => mkdtempSync(join(tmpdir(), 'state-file-'));

describe('StateFile', () => {
  it('reads an absent file as undefined, and what it wrote as it was', () => {
    const file = new StateFile(join(directory(), 'nested', 'state.json'));
    expect(file.read()).toBeUndefined();
    expect(file.write({ contacts: [1, 2] })).toBe(true);
    expect(new StateFile(file.path).read()).toEqual({ contacts: [1, 2] });
  });

  it('leaves no temporary file behind, and skips a write of what the file already holds', () => {
    const dir = directory();
    const file = new StateFile(join(dir, 'state.json'));
    file.write({ n: 1 });
    expect(file.write({ n: 1 })).toBe(false);
    expect(file.write({ n: 2 })).toBe(true);
    expect(readdirSync(dir)).toEqual(['state.json']);
    const reread = new StateFile(file.path);
    reread.read();
    expect(reread.write({ n: 2 })).toBe(false);
  });

  it('says which file is not JSON', () => {
    const path = join(directory(), 'state.json');
    writeFileSync(path, '{"half":');
    expect(() => new StateFile(path).read()).toThrow(StateFileError);
    expect(() => new StateFile(path).read()).toThrow(`${path} is not valid JSON`);
  });

  it('is removed, and an absent file can be removed', () => {
    const file = new StateFile(join(directory(), 'state.json'));
    file.remove();
    file.write({ n: 1 });
    file.remove();
    expect(file.read()).toBeUndefined();
  });
});

describe('keepSaved', () => {
  it('writes on save when the state changed, and once more on stop', () => {
    const file = new StateFile(join(directory(), 'state.json'));
    let state = { n: 1 };
    const errors: unknown[] = [];
    const kept = keepSaved(
      file,
      () => state,
      60_000,
      (error) => errors.push(error),
    );
    kept.save();
    expect(JSON.parse(readFileSync(file.path, 'utf8'))).toEqual({ n: 1 });
    state = { n: 2 };
    kept.stop();
    expect(JSON.parse(readFileSync(file.path, 'utf8'))).toEqual({ n: 2 });
    expect(errors).toEqual([]);
  });

  it('reports a failed write instead of throwing from its timer', () => {
    const blocker = join(directory(), 'not-a-directory');
    writeFileSync(blocker, '');
    const errors: unknown[] = [];
    const kept = keepSaved(
      new StateFile(join(blocker, 'state.json')),
      () => ({ n: 1 }),
      60_000,
      (error) => errors.push(error),
    );
    kept.stop();
    expect(errors).toHaveLength(1);
  });
});
