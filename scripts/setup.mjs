// What `npm start` and `npm test` run first, so a fresh clone needs no other command: installs the
// dependencies when node_modules does not match package-lock.json (`npm ci`), then makes sure a
// Temporal CLI is there for the local dev server (the provisioning of `npm run temporal:provision`,
// which finds, downloads or builds it, and says that it is not needed when TEMPORAL_ADDRESS or a
// Temporal profile names a cluster). Each step prints one line saying what it found or did.
//
//   node scripts/setup.mjs                  both steps
//   node scripts/setup.mjs --stamp [root]   record that node_modules matches package-lock.json (postinstall)
//   node scripts/setup.mjs --check [root]   print whether node_modules is fresh; exit 1 when not
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installState, writeStamp } from './install-state.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const say = (message) => process.stderr.write(`[setup] ${message}\n`);

function run(command, args) {
  // npm is npm.cmd on Windows, which only a shell finds.
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

const [mode, rootArgument] = process.argv.slice(2);

if (mode === '--stamp') {
  writeStamp(rootArgument ?? ROOT);
} else if (mode === '--check') {
  const state = installState(rootArgument ?? ROOT);
  process.stdout.write(`${state.fresh ? 'fresh' : 'stale'}: ${state.reason}\n`);
  process.exitCode = state.fresh ? 0 : 1;
} else {
  const state = installState(ROOT);
  if (state.fresh) {
    say(`dependencies: ${state.reason}`);
  } else {
    say(`dependencies: ${state.reason}; installing them with npm ci`);
    const startedAt = Date.now();
    if (run('npm', ['ci']) !== 0) {
      say('npm ci failed (see above); fix it, then run this again');
      process.exit(1);
    }
    writeStamp(ROOT);
    say(`dependencies installed in ${((Date.now() - startedAt) / 1000).toFixed(1)}s`);
  }
  if (run(process.execPath, ['--import', 'tsx', 'src/temporal/provision/cli.ts', '--unless-configured']) !== 0) {
    process.exit(1);
  }
}
