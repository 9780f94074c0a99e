/**
 * The engine reaches the simulators only through src/runtime/sandbox.ts, which imports the sandbox
 * package by a name tsc does not follow. These tests hold the three promises that rest on it: the
 * package fits the shape the loader declares, a build without the package says so in one line, and the
 * production build's program contains no file of any workspace package.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as sandboxPackage from '@hull-intercom-sync/sandbox';
import { ConfigError } from '../../src/config/issues';
import { loadSandboxPackage, SANDBOX_PACKAGE, type SandboxPackage } from '../../src/runtime/sandbox';

const ROOT = join(__dirname, '..', '..');

// Compile-time check: the package's own types satisfy the contract the loader declares for it.
const fitsTheLoader: SandboxPackage = sandboxPackage;

describe('the sandbox loader', () => {
  it('loads the workspace package by its name', async () => {
    const loaded = await loadSandboxPackage();
    expect(loaded.startSandbox).toBe(fitsTheLoader.startSandbox);
  });

  it('answers a missing package with one configuration line naming the way out', async () => {
    const loading = loadSandboxPackage('@hull-intercom-sync/not-installed');
    await expect(loading).rejects.toBeInstanceOf(ConfigError);
    await expect(loading).rejects.toMatchObject({
      problems: [expect.stringMatching(/simulators are not installed .* set HULL_ORGANIZATION/)],
    });
  });

  it('names the package the workspace links', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'packages', 'sandbox', 'package.json'), 'utf8')) as {
      name: string;
    };
    expect(manifest.name).toBe(SANDBOX_PACKAGE);
  });
});

describe('the production build', () => {
  it('compiles only files under src (no simulator reached through a workspace link)', () => {
    const listed = execFileSync(
      process.execPath,
      [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--listFilesOnly'],
      { cwd: ROOT, encoding: 'utf8' },
    );
    const own = listed
      .split('\n')
      .filter((file) => file.trim() !== '' && !file.includes('/node_modules/'))
      .map((file) => relative(ROOT, file.trim()));
    expect(own.length).toBeGreaterThan(50);
    expect(own.filter((file) => !file.startsWith('src/'))).toEqual([]);
  });

  it('is built into an image that copies neither the packages nor the whole context', () => {
    const copied = readFileSync(join(ROOT, 'Dockerfile'), 'utf8')
      .split('\n')
      .filter((line) => /^COPY\s/.test(line) && !line.includes('--from='))
      .flatMap((line) => line.trim().split(/\s+/).slice(1, -1));
    expect(copied.length).toBeGreaterThan(0);
    expect(copied.filter((source) => source === '.' || source.startsWith('packages'))).toEqual([]);
    expect(readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n')).toContain('packages');
  });
});
