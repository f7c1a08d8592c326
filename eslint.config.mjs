// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'coverage/**', 'test-output/**', '**/*.js', '**/*.mjs', 'apps/console/vite.config.mts', 'apps/console/src/api/schema.d.ts'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-unsafe-function-type': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/libs/shared/**', '../../libs/*'], message: 'Import the shared library as @app/shared.' },
          ],
        },
      ],
    },
  },
  {
    // Tests and tools may reach into the apps they exercise; apps may not reach into each other.
    files: ['apps/*/src/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*-spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/libs/shared/**'], message: 'Import the shared library as @app/shared.' },
            { group: ['**/apps/*/src/**', '../../*/src/**'], message: 'A service never imports another service: use contracts in @app/shared.' },
          ],
        },
      ],
    },
  },
);
