/**
 * `npm ci` refuses a lockfile that lacks an optional dependency's entry, and this machine's registry
 * mirror does not serve other platforms' native builds, so `npm install` drops them. This keeps CI
 * from discovering that: run `npm run lockfile:complete` after changing dependencies.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface LockEntry {
  optionalDependencies?: Record<string, string>;
}

it('lists every optional dependency in package-lock.json (run `npm run lockfile:complete` if not)', () => {
  const lock = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry>;
  };
  const missing = Object.values(lock.packages).flatMap((entry) =>
    Object.keys(entry.optionalDependencies ?? {}).filter((name) => lock.packages[`node_modules/${name}`] === undefined),
  );
  expect(missing).toEqual([]);
});
