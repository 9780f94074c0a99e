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

/** What the rule should say about an import: nothing, or the layer's "only by type" or "never" message. */
type Verdict = 'passes' | 'types only' | 'never';

const CASES: Array<[file: string, code: string, verdict: Verdict]> = [
  // The API and the activities see workflows only by type (Temporal's typings), never their code.
  ['src/api/routes/example.ts', "import { fetchAllWorkflow } from '../../workflows';", 'types only'],
  ['src/api/routes/example.ts', "import type { fetchAllWorkflow } from '../../workflows';", 'passes'],
  ['src/api/example.ts', "import { createActivities } from '../activities';", 'never'],
  [
    'src/activities/outgoing/example.ts',
    "import { publishFailures } from '../../workflows/failure-state';",
    'types only',
  ],
  ['src/activities/outgoing/example.ts', "import { workflowIds } from '../../shared/workflow-ids';", 'passes'],
  // The shared home and the pure logic import no layer.
  ['src/shared/example.ts', "import { coalesceUserUpdates } from '../sync/outgoing/coalesce';", 'types only'],
  [
    'src/shared/example.ts',
    "import type { EntityNotification } from '../sync/incoming/webhook-notification';",
    'passes',
  ],
  ['src/shared/example.ts', "import type { Activities } from '../activities';", 'never'],
  ['src/sync/outgoing/example.ts', "import { SYNC_KIND } from '../../shared/search-attributes';", 'never'],
  ['src/sync/outgoing/example.ts', "import type { UserUpdateMessage } from '../../hull/notifications';", 'passes'],
  // The clients know nothing of activities, workflows or the API, not even their types.
  ['src/intercom/example.ts', "import type { Activities } from '../activities';", 'never'],
  ['src/hull/example.ts', "import { hullUserSyncWorkflow } from '../workflows/hull-user-sync';", 'never'],
  // Workflows see the activities only by type (proxyActivities<Activities>).
  ['src/workflows/example.ts', "import { createActivities } from '../activities';", 'types only'],
  ['src/workflows/example.ts', "import type { Activities } from '../activities';", 'passes'],
];

const expected = (file: string, verdict: Verdict): string[] => {
  if (verdict === 'passes') return [];
  const layer = file.split('/')[1]!;
  const what =
    verdict === 'never' ? 'must not import this folder' : 'may import this folder only by type (`import type`)';
  return [expect.stringContaining(`src/${layer} ${what}`) as string];
};

describe('the layering rule', () => {
  const results = lint(CASES.map(([file, code]) => [file, code]));

  it.each(CASES.map((c, i) => [...c, i] as const))('%s: %s → %s', (file, _code, verdict, index) => {
    expect(results[index]).toEqual(expected(file, verdict));
  });
});
