import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'coverage/**', '**/*.js', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // core is pure: no WeChat, no Node globals (imports are checked by dependency-cruiser).
    files: ['core/**/*.ts'],
    languageOptions: { globals: { console: 'readonly' } },
    rules: {
      'no-restricted-globals': ['error', 'wx', 'process', 'Buffer', 'require', '__dirname', 'getApp', 'Page', 'Component'],
    },
  },
  {
    files: ['miniprogram/**/*.ts'],
    languageOptions: { globals: { wx: 'readonly', App: 'readonly', Page: 'readonly', Component: 'readonly', Behavior: 'readonly', getApp: 'readonly', getCurrentPages: 'readonly' } },
    rules: {
      // Pages reach the backend only through lib/cloud-client.
      'no-restricted-properties': ['error', { object: 'wx', property: 'cloud', message: 'use callCloud from lib/index' }],
    },
  },
  {
    files: ['miniprogram/lib/cloud-client.ts', 'miniprogram/app.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
