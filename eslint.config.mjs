// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import { builtinModules } from 'node:module';

/**
 * The layering rule. Data flows one way: webhook / notification / operator → src/api → src/temporal →
 * src/activities → the clients (src/intercom, src/hull); src/workflows run in the worker between
 * Temporal and the activities. src/shared holds what every layer shares (signals, queries, inputs, ids,
 * task queues) and src/sync the pure logic: both import no layer. For each folder: the folders it
 * must not import at all, and those it may import only by type (`import type`, erased at build).
 */
const LAYERS = {
  shared: {
    never: ['api', 'runtime', 'temporal', 'workflows', 'activities', 'config', 'sandbox', 'activations', 'operations'],
    typesOnly: ['sync', 'hull', 'intercom'],
  },
  sync: {
    never: ['api', 'runtime', 'temporal', 'workflows', 'activities', 'shared', 'sandbox', 'activations'],
    typesOnly: ['hull', 'intercom', 'config'],
  },
  intercom: { never: ['api', 'runtime', 'temporal', 'workflows', 'activities', 'shared', 'sandbox'], typesOnly: [] },
  hull: { never: ['api', 'runtime', 'temporal', 'workflows', 'activities', 'shared', 'sandbox'], typesOnly: [] },
  // The activations' database and sources: a client layer like intercom and hull (record types by type only).
  activations: {
    never: ['api', 'runtime', 'temporal', 'workflows', 'activities', 'sandbox'],
    typesOnly: ['shared'],
  },
  // Operation definitions (src/operations): pure, over the Intercom client's schemas; the API documents
  // and validates with them, the activities execute them.
  operations: {
    never: [
      'api',
      'runtime',
      'temporal',
      'workflows',
      'activities',
      'shared',
      'sandbox',
      'activations',
      'hull',
      'config',
    ],
    typesOnly: [],
  },
  // `npm run op`: a client of the API over HTTP, nothing of the engine.
  cli: {
    never: [
      'api',
      'runtime',
      'temporal',
      'workflows',
      'activities',
      'shared',
      'sandbox',
      'activations',
      'hull',
      'intercom',
      'operations',
      'config',
      'sync',
    ],
    typesOnly: [],
  },
  config: { never: ['api', 'runtime', 'temporal', 'workflows', 'activities', 'shared', 'sandbox'], typesOnly: [] },
  activities: { never: ['api', 'runtime', 'temporal', 'sandbox'], typesOnly: ['workflows'] },
  workflows: {
    never: ['api', 'runtime', 'temporal', 'sandbox', 'activations', 'operations'],
    typesOnly: ['activities', 'hull', 'intercom', 'config'],
  },
  temporal: { never: ['api', 'runtime', 'sandbox'], typesOnly: ['workflows'] },
  api: { never: ['runtime', 'activities', 'sandbox'], typesOnly: ['workflows'] },
};

/**
 * One config per layer and folder depth, so a relative specifier (`../../workflows/x` from
 * src/api/routes) is matched exactly where it lands: `(\.\./){depth}` climbs back to src/.
 */
export function layeringConfigs() {
  const configs = [];
  for (const [layer, { never, typesOnly }] of Object.entries(LAYERS)) {
    for (let depth = 1; depth <= 4; depth += 1) {
      const up = `^(\\.\\./){${depth}}`;
      const pattern = (folders, allowTypeImports) => ({
        regex: `${up}(${folders.join('|')})(/|$)`,
        allowTypeImports,
        message: allowTypeImports
          ? `layering: src/${layer} may import this folder only by type (\`import type\`); see eslint.config.mjs`
          : `layering: src/${layer} must not import this folder; see eslint.config.mjs`,
      });
      const patterns = [pattern(never, false), ...(typesOnly.length > 0 ? [pattern(typesOnly, true)] : [])];
      configs.push({
        files: [`src/${layer}/${'*/'.repeat(depth - 1)}*.ts`],
        rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] },
      });
    }
  }
  return configs;
}

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', '.cache/', '.data/', 'node_modules/'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Forgetting to await an activity, a Temporal API call or a reply is a real bug here.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'error',
    },
  },
  {
    // The engine never imports the workspace packages (the simulators): src/runtime/sandbox.ts loads the
    // sandbox by a dynamic import tsc does not follow, so the production build and image carry none of it.
    files: ['src/**/*.ts'],
    // (The workflow block below repeats the pattern: a later block's rule replaces this one.)
    rules: {
      'no-restricted-imports': ['error', { patterns: ['@hull-intercom-sync/*'] }],
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: no Node built-ins, no I/O libraries.
    files: ['src/workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...builtinModules, ...builtinModules.map((m) => `node:${m}`), 'axios', 'fastify', 'pino'],
          patterns: [
            '@temporalio/activity',
            '@temporalio/client',
            '@temporalio/worker',
            '@temporalio/testing',
            '@hull-intercom-sync/*',
          ],
        },
      ],
    },
  },
  ...layeringConfigs(),
  {
    files: ['**/*.mjs', '**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
    // The jest configs are CommonJS, and the packages' configs require the shared preset.
    rules: { '@typescript-eslint/no-require-imports': 'off' },
    languageOptions: {
      globals: { module: 'writable', require: 'readonly', __dirname: 'readonly', process: 'readonly', URL: 'readonly' },
    },
  },
  {
    // Scripts that run in the browser (the operator page's, served inline by the API).
    files: ['src/api/operator-page/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: Object.fromEntries(
        [
          'document',
          'window',
          'fetch',
          'Node',
          'URL',
          'URLSearchParams',
          'setTimeout',
          'clearTimeout',
          'navigator',
        ].map((name) => [name, 'readonly']),
      ),
    },
  },
  {
    // Tests and benchmarks print progress and use loose typing for fixtures.
    files: ['test/**/*.ts', 'bench/**/*.ts', 'packages/*/test/**/*.ts'],
    rules: {
      'no-console': 'off',
      '@typescript-eslint/unbound-method': 'off',
      // jest's asymmetric matchers (expect.stringMatching, expect.any) are typed `any`.
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
  prettier,
);
