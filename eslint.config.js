// One type-aware ESLint config for every workspace; each package runs `eslint .` from its folder.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const readEnvironmentAtTheEdge =
  'Read the environment at the edge (apps/cli/src/cli-context.ts, apps/api/src/main.ts) and pass what is needed in.';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/.turbo/**',
      '**/bin/**',
      '**/*.config.ts',
      'vitest.shared.ts',
      'eslint.config.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/only-throw-error': 'error',
      'no-console': 'off',
      // The process environment is read once, at the edge; everything else takes typed options.
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: readEnvironmentAtTheEdge,
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: ['process', 'node:process'].map((name) => ({
            name,
            importNames: ['env'],
            message: readEnvironmentAtTheEdge,
          })),
        },
      ],
    },
  },
  {
    // The edges that read the environment, and code that is not product source: tests, test
    // fixtures (`./testing` entry points), the benchmarks, the red-team suite, the infra scripts and the Node bootstrap.
    files: [
      'apps/cli/src/cli-context.ts',
      'apps/api/src/main.ts',
      '**/*.test.ts',
      '**/src/testing/**',
      '**/testing.ts',
      'tests/**',
      'bench/**',
      'redteam/**',
      'examples/**',
      'infra/**',
      'apps/cli/bin/**',
      '**/vitest*.ts',
    ],
    rules: {
      'no-restricted-properties': 'off',
      'no-restricted-imports': 'off',
    },
  },
  {
    // The red-team suite's entry point and the examples are plain JavaScript: linted
    // without type information.
    files: ['redteam/**/*.mjs', 'examples/**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.test.ts', '**/*.e2e.test.ts', '**/testing/**', '**/testing.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
