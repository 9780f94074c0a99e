// Whether node_modules holds what package-lock.json describes, without asking npm.
//
// A stamp in node_modules records the SHA-256 of package-lock.json of the last install that
// succeeded: written after every `npm ci` / `npm install` at the root (the `postinstall` script) and
// by scripts/setup.mjs after the install it runs. A missing node_modules, a missing stamp or a
// different hash means the install is stale. Plain Node with no dependencies: it runs before they
// exist. In an npm workspace the root package-lock.json covers every package, so one stamp does too.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const STAMP_FILE = join('node_modules', '.hull-intercom-sync-install');

const lockHash = (root) =>
  createHash('sha256')
    .update(readFileSync(join(root, 'package-lock.json')))
    .digest('hex');

/**
 * @param {string} root the repository root (where package-lock.json is)
 * @returns {{ fresh: boolean, reason: string }}
 */
export function installState(root) {
  if (!existsSync(join(root, 'node_modules'))) return { fresh: false, reason: 'node_modules is missing' };
  const stampPath = join(root, STAMP_FILE);
  if (!existsSync(stampPath)) return { fresh: false, reason: 'node_modules has no record of the install that made it' };
  const stamped = readFileSync(stampPath, 'utf8').trim();
  return stamped === lockHash(root)
    ? { fresh: true, reason: 'node_modules matches package-lock.json' }
    : { fresh: false, reason: 'package-lock.json changed since the last install' };
}

/** Records that node_modules now matches package-lock.json. */
export function writeStamp(root) {
  writeFileSync(join(root, STAMP_FILE), `${lockHash(root)}\n`);
}
