/**
 * The layering rule of eslint.config.mjs catches what it is for: deliberate violations are reported,
 * the type-only imports Temporal's typings need are not. `npm run lint` proves the tree passes; this
 * proves the rule would fail it. ESLint's flat config is an ES module, so it runs in a child process.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

const SCRIPT = `
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { layeringConfigs } from './eslint.config.mjs';
const cases = JSON.parse(process.argv[1]);
const linter = new Linter({ configType: 'flat', cwd: process.cwd() });
const config = [
  { files: ['**/*.ts'], plugins: { '@typescript-eslint': tseslint.plugin }, languageOptions: { parser: tseslint.parser } },
  ...layeringConfigs(),
];
const results = cases.map(([file, code]) =>
  linter.verify(code, config, file).map((m) => m.message.replace(/ import is restricted.*?layering:/, ' →')),
);
process.stdout.write(JSON.stringify(results));
`;

function lint(cases: Array<[file: string, code: string]>): string[][] {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', SCRIPT, JSON.stringify(cases)], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return JSON.parse(out) as string[][];
}

describe('the layering rule', () => {
  const results = lint([
    ['src/api/routes/example.ts', "import { fetchAllWorkflow } from '../../workflows';"],
    ['src/api/routes/example.ts', "import type { fetchAllWorkflow } from '../../workflows';"],
    ['src/api/server-example.ts', "import { createActivities } from '../activities';"],
    ['src/activities/outgoing/example.ts', "import { publishFailures } from '../../workflows/failure-state';"],
    ['src/activities/outgoing/example.ts', "import { workflowIds } from '../../shared/workflow-ids';"],
    ['src/shared/example.ts', "import { coalesceUserUpdates } from '../sync/outgoing/coalesce';"],
    ['src/shared/example.ts', "import type { EntityNotification } from '../sync/incoming/webhook-notification';"],
    ['src/shared/example.ts', "import type { Activities } from '../activities';"],
    ['src/sync/outgoing/example.ts', "import { SYNC_KIND } from '../../shared/search-attributes';"],
    ['src/sync/outgoing/example.ts', "import type { UserUpdateMessage } from '../../hull/notifications';"],
    ['src/intercom/example.ts', "import type { Activities } from '../activities';"],
    ['src/hull/example.ts', "import { hullUserSyncWorkflow } from '../workflows/hull-user-sync';"],
    ['src/workflows/example.ts', "import { createActivities } from '../activities';"],
    ['src/workflows/example.ts', "import type { Activities } from '../activities';"],
  ]);

  it('fails value imports of workflows from the API and the activities, and passes type-only ones', () => {
    expect(results[0]).toEqual([
      "'../../workflows' → src/api may import this folder only by type (`import type`); see eslint.config.mjs",
    ]);
    expect(results[1]).toEqual([]);
    expect(results[2]).toEqual(["'../activities' → src/api must not import this folder; see eslint.config.mjs"]);
    expect(results[3]).toHaveLength(1);
    expect(results[4]).toEqual([]);
  });

  it('keeps the shared home and the pure logic free of every layer', () => {
    expect(results[5]).toHaveLength(1);
    expect(results[6]).toEqual([]);
    expect(results[7]).toEqual(["'../activities' → src/shared must not import this folder; see eslint.config.mjs"]);
    expect(results[8]).toHaveLength(1);
    expect(results[9]).toEqual([]);
  });

  it('keeps the clients from importing activities, workflows or the API, even by type', () => {
    expect(results[10]).toHaveLength(1);
    expect(results[11]).toHaveLength(1);
  });

  it('lets workflows see the activities only by type', () => {
    expect(results[12]).toHaveLength(1);
    expect(results[13]).toEqual([]);
  });
});
