// Lint for the whole repository: the product, its fakes, tests and benchmarks. Run by `npm test`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'dist-bench/**', 'coverage/**', 'node_modules/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // Unused names are caught by the compiler (noUnusedLocals, noUnusedParameters); `_` marks the deliberate ones.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always'],
      'no-duplicate-imports': ['error', { allowSeparateTypeImports: true }],
      'no-console': 'off',
    },
  },
  {
    // The shared plumbing imports no feature: rooms build on it, never the other way round.
    files: ['src/slack/**', 'src/store/**', 'src/scalekit/**', 'src/buildkite/**', 'src/render/**', 'src/build-changes/**', 'src/observability/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/features/**'], message: 'Shared plumbing imports no feature (docs/architecture.md, Rooms).' }] }],
    },
  },
  {
    // app.ts and main.ts name no feature: the manifest (features/index.ts) is the whole app.
    files: ['src/app.ts', 'src/main.ts', 'src/compose.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['./features/*/**'], message: 'Name features in features/index.ts; the app builds them from their manifests.' }] }],
    },
  },
);
