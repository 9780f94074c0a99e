/**
 * scripts/setup.mjs, which `npm start` and `npm test` run first: node_modules counts as fresh only
 * when the stamp of the last install matches package-lock.json; anything else makes setup run
 * `npm ci`. Run as a separate Node process, as npm runs it (plain Node, no dependencies).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SETUP = join(__dirname, '..', '..', 'scripts', 'setup.mjs');

function setup(...args: string[]): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [SETUP, ...args], { encoding: 'utf8' });
  return { status: result.status, output: result.stdout.trim() };
}

describe('the install check of scripts/setup.mjs', () => {
  const root = mkdtempSync(join(tmpdir(), 'setup-'));
  const lock = (content: object) => writeFileSync(join(root, 'package-lock.json'), JSON.stringify(content));

  beforeEach(() => {
    rmSync(join(root, 'node_modules'), { recursive: true, force: true });
    lock({ name: 'x', lockfileVersion: 3, packages: { '': { dependencies: { a: '1.0.0' } } } });
  });

  it('calls a missing node_modules stale', () => {
    expect(setup('--check', root)).toEqual({ status: 1, output: 'stale: node_modules is missing' });
  });

  it('calls node_modules stale when no install recorded it (e.g. copied, or made by an older checkout)', () => {
    mkdirSync(join(root, 'node_modules'));
    expect(setup('--check', root)).toEqual({
      status: 1,
      output: 'stale: node_modules has no record of the install that made it',
    });
  });

  it('calls it fresh after an install stamped it, and stale once package-lock.json changes', () => {
    mkdirSync(join(root, 'node_modules'));
    expect(setup('--stamp', root).status).toBe(0);
    expect(setup('--check', root)).toEqual({ status: 0, output: 'fresh: node_modules matches package-lock.json' });

    lock({ name: 'x', lockfileVersion: 3, packages: { '': { dependencies: { a: '1.0.1' } } } });
    expect(setup('--check', root)).toEqual({
      status: 1,
      output: 'stale: package-lock.json changed since the last install',
    });
  });

  it('covers a workspace through its one root lockfile', () => {
    lock({
      name: 'x',
      lockfileVersion: 3,
      packages: { '': { workspaces: ['packages/*'] }, 'packages/sim': { name: 'sim', version: '1.0.0' } },
    });
    mkdirSync(join(root, 'node_modules'));
    setup('--stamp', root);
    expect(setup('--check', root).status).toBe(0);
    lock({
      name: 'x',
      lockfileVersion: 3,
      packages: { '': { workspaces: ['packages/*'] }, 'packages/sim': { name: 'sim', version: '1.1.0' } },
    });
    expect(setup('--check', root).status).toBe(1);
  });
});

it('runs before `npm start` and `npm test`, and every install at the root stamps node_modules', () => {
  const { scripts } = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  for (const name of ['start', 'start:api', 'start:worker', 'test']) {
    expect(scripts[name]).toMatch(/^node scripts\/setup\.mjs && /);
  }
  expect(scripts.postinstall).toBe('node scripts/setup.mjs --stamp');
});
