// ESLint flat config. Syntax-only rules (no type information) so `npm run lint` stays fast;
// `tsc -b` does the type checking. The local `layers` rule enforces the architecture's layers
// (see tools/eslint-rules/layers.js).
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';
import local from './tools/eslint-rules/index.js';

// Node globals for plain-JS config and script files. `globals` is only present as a dependency
// of ESLint itself, so fall back to the few names this project's JS files need.
const nodeGlobals = await import('globals').then(
  (mod) => mod.default.node,
  () => ({
    process: 'readonly',
    console: 'readonly',
    URL: 'readonly',
    URLSearchParams: 'readonly',
    Buffer: 'readonly',
    setTimeout: 'readonly',
    clearTimeout: 'readonly',
    setInterval: 'readonly',
    clearInterval: 'readonly',
    __dirname: 'readonly',
    __filename: 'readonly',
    require: 'readonly',
    module: 'writable',
    exports: 'writable',
  }),
);

export default defineConfig(
  globalIgnores(['node_modules/', 'out/', 'dist/', 'build/', 'tests/e2e/artifacts/', 'coverage/', '.vite/']),

  {
    files: ['**/*.{ts,tsx,js,mjs,cjs}'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    plugins: { local },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'local/layers': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      // verbatimModuleSyntax: type-only imports must say so, or the import survives into JS.
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
    },
  },

  // Plain JavaScript (configs, scripts, the local rules) runs under Node.
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: nodeGlobals },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },

  // Tests may poke at loosely typed values (mocks, fixtures, malformed input).
  {
    files: ['tests/**/*.{ts,tsx}'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
