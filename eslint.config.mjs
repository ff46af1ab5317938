// Lint holds the layout (docs/architecture.md): apps → libs → common, and a lib reaches another
// lib only through its public index (`@relay/<name>`), never through a path into its files.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const INTO_ANOTHER_LIB = {
  group: ['@relay/*/*', '**/libs/*/src', '**/libs/*/src/**', '../../*/src/**', '../../../*/src/**', '../../../../*/src/**'],
  message: 'Import another lib through its public index: @relay/<name>.',
};
const INTO_APPS = { group: ['**/apps/**'], message: 'Libs never import from apps: apps compose libs.' };
const restrict = (...patterns) => ['error', { patterns }];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Nest modules are classes with decorators and no members.
      '@typescript-eslint/no-extraneous-class': 'off',
    },
  },
  { files: ['libs/**/*.ts'], rules: { 'no-restricted-imports': restrict(INTO_ANOTHER_LIB, INTO_APPS) } },
  // common is the ground floor: it knows no other lib.
  {
    files: ['libs/common/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(INTO_ANOTHER_LIB, INTO_APPS, { group: ['@relay/*'], message: 'libs/common imports no other lib.' }),
    },
  },
  // Floors between domain libs: conversations, notifications, webhooks and analytics build on
  // tickets, never the reverse; what tickets needs from them is a port it declares (ticket-thread.ts).
  {
    files: ['libs/tickets/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(INTO_ANOTHER_LIB, INTO_APPS, {
        group: ['@relay/conversations', '@relay/notifications', '@relay/webhooks', '@relay/analytics'],
        message: 'tickets is below this module: declare a port in tickets and let the module above implement it.',
      }),
    },
  },
  // Tests may pin a lib's internals on purpose (a migration list, a SQL helper on a real engine).
  { files: ['apps/**/*.ts'], rules: { 'no-restricted-imports': restrict(INTO_ANOTHER_LIB) } },
  {
    files: ['bench/**/*.js', 'scripts/**/*.js', '*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        performance: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
