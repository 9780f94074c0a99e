// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import { builtinModules } from 'node:module';

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
