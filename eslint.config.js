// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** What src/ may never import: it runs in plain Node, under every front end. */
const PLATFORM_FREE = {
  paths: [{ name: 'electron', message: 'src/ is platform-free: adapters live in electron/.' }],
  patterns: [
    { group: ['electron/*', '**/electron/**'], message: 'src/ must not import electron/.' },
    {
      group: ['**/renderer/**', 'react', 'react-dom', 'react/*', 'react-dom/*'],
      message: 'src/ must not import the UI.',
    },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'TSEnumDeclaration', message: 'Use `as const` objects instead of enums.' },
      ],
    },
  },
  {
    // The core runs in plain Node (CLI, server, tests): no Electron, no UI, no DOM.
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: PLATFORM_FREE.paths, patterns: PLATFORM_FREE.patterns },
      ],
      'no-restricted-globals': [
        'error',
        ...[
          'window',
          'document',
          'navigator',
          'localStorage',
          'sessionStorage',
          'HTMLElement',
          'DOMParser',
        ].map((name) => ({
          name,
          message: 'src/ runs without a DOM.',
        })),
      ],
    },
  },
  {
    // The CLI is an adapter: parse arguments, call the app facade, format what it answers. Every
    // rule lives behind the one door (src/app/), shared with the desktop app and the browser.
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: PLATFORM_FREE.paths,
          patterns: [
            ...PLATFORM_FREE.patterns,
            {
              regex: '^\\.\\./(?!app/)',
              message: 'src/cli/ reaches the core through src/app/ (the app facade) only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
