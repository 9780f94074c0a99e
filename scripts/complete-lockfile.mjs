// Adds lockfile entries for other platforms' optional native packages (e.g. @swc/core-darwin-arm64).
//
// Why: the npm registry mirror available here serves only Linux builds of some native packages, so
// `npm install` leaves their macOS/Windows siblings out of package-lock.json, and `npm ci` then
// refuses the lockfile ("Missing: ... from lock file"). A lockfile made against the full registry
// lists them as optional entries restricted by `os`/`cpu`, which npm skips on other platforms; this
// script writes exactly those entries. Run it after changing dependencies: `npm run lockfile:complete`.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { installState, writeStamp } from './install-state.mjs';

const PATH = new URL('../package-lock.json', import.meta.url);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
// The entries added are for other platforms, which npm skips here: an install that matched the lock
// before still matches it after (so `npm start` / `npm test` do not reinstall for this edit).
const wasFresh = installState(ROOT).fresh;
const PLATFORM =
  /(darwin|linux|win32|android|freebsd|openharmony|sunos|netbsd|openbsd|aix)-(arm64|x64|arm|ia32|ppc64|s390x|riscv64|loong64|mips64el)/;

const lock = JSON.parse(readFileSync(PATH, 'utf8'));
const added = [];
for (const entry of Object.values(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    if (lock.packages[key] !== undefined) continue;
    const match = PLATFORM.exec(name.split('/').pop());
    if (match === null) throw new Error(`${name}: cannot tell its platform; add its lockfile entry by hand`);
    const [, os, cpu] = match;
    const libc =
      os === 'linux' ? (name.includes('musl') ? ['musl'] : name.includes('gnu') ? ['glibc'] : undefined) : undefined;
    lock.packages[key] = {
      version,
      cpu: [cpu],
      license: entry.license,
      optional: true,
      os: [os],
      ...(libc && { libc }),
    };
    added.push(key);
  }
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)),
);
writeFileSync(PATH, `${JSON.stringify(lock, null, 2)}\n`);
if (wasFresh) writeStamp(ROOT);
process.stdout.write(
  added.length === 0 ? 'package-lock.json is complete\n' : `added ${added.length} entries:\n${added.join('\n')}\n`,
);
