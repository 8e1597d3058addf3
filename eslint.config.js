import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeModules = ['node:*', 'fs', 'path', 'os', 'child_process', 'http', 'crypto', 'url', 'util', 'events'];

export default tseslint.config(
  // AssemblyScript sources are compiled by scripts/build-wasm.mjs; the generated base64 modules are data.
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'tests/.tmp/**',
      '.electron-native/**',
      'shared/**/*.as.ts',
      'shared/ml/wasm/*.wasm.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['electron/**/*.ts', 'tests/**/*.ts', 'scripts/**/*.ts', 'scripts/**/*.mjs', '*.config.ts', '*.config.js'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Layers: shared imports nothing from electron/ or renderer/, and no Node or DOM.
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/electron/**', 'electron', '**/renderer/**'],
              message: 'shared/ must not import electron/ or renderer/.',
            },
            { group: nodeModules, message: 'shared/ is pure: no Node modules.' },
          ],
        },
      ],
    },
  },
  {
    // The renderer never touches Node, Electron or the main process's code.
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/electron/**', 'electron'],
              message: 'renderer/ talks to the main process only through the API client.',
            },
            { group: nodeModules, message: 'renderer/ runs without Node.' },
          ],
        },
      ],
    },
  },
);
