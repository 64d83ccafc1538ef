// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
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

/**
 * What renderer/ may import: it runs in a browser (the browser host's page, Electron's window), so
 * nothing of Node or Electron; of the core only the contract's types, through the one door.
 */
const RENDERER_IMPORTS = {
  paths: [{ name: 'electron', message: 'renderer/ reaches the app through the contract only.' }],
  patterns: [
    {
      regex: '(^|/)src/(?!app/index\\.js$)',
      message: 'renderer/ imports src/ only through src/app/index.js (type-only).',
    },
    {
      regex: '(^|/)src/app/index\\.js$',
      allowTypeImports: true,
      message:
        'renderer/ imports src/app/index.js type-only (`import type`): the core is not bundled.',
    },
    { regex: '^node:', message: 'renderer/ runs in a browser: no Node built-ins.' },
  ],
};

/**
 * The imports of a front end in src/ (the CLI, the browser host): platform-free, and the rest of
 * src/ only through its door (`regex` matches the relative imports it refuses).
 */
const frontEndImports = (regex, message) => [
  'error',
  { paths: PLATFORM_FREE.paths, patterns: [...PLATFORM_FREE.patterns, { regex, message }] },
];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'release/**', 'node_modules/**', 'coverage/**'] },
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
      'no-restricted-imports': frontEndImports(
        // src/host/ is another front end (the browser host), which `serve` starts.
        '^\\.\\./(?!app/|host/)',
        'src/cli/ reaches the core through src/app/ (the app facade) only.',
      ),
    },
  },
  {
    // The browser host is a transport over the app's dispatcher: it knows the facade's door only.
    files: ['src/host/**/*.ts'],
    rules: {
      'no-restricted-imports': frontEndImports(
        '^\\.\\./(?!app/index\\.js$)',
        'src/host/ reaches the app through src/app/index.ts (the facade) only.',
      ),
    },
  },
  {
    // The desktop shell is an adapter like the browser host: Electron glue over the facade's door.
    files: ['electron/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)src/(?!app/index\\.js$)',
              message: 'electron/ reaches the core through src/app/index.js (the facade) only.',
            },
            {
              // The page's action catalog is the one exception: plain data the menu lists.
              regex: '(^|/)renderer/(?!actions/catalog\\.js$)',
              message: 'electron/ loads the UI; it imports only its action catalog (the menu).',
            },
            {
              group: ['react', 'react-dom', 'react/*', 'react-dom/*'],
              message: 'electron/ loads the UI; it does not import it.',
            },
          ],
        },
      ],
    },
  },
  {
    // The renderer: React in a browser. Hooks follow React's rules (the React Compiler's too).
    files: ['renderer/**/*.{ts,tsx}', 'tests/renderer/**/*.{ts,tsx}'],
    plugins: reactHooks.configs.flat.recommended.plugins,
    languageOptions: { globals: { ...globals.browser } },
    rules: reactHooks.configs.flat.recommended.rules,
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', RENDERER_IMPORTS],
      // `import { type X } from '../src/app/index.js'` still loads the module (verbatim module
      // syntax keeps it as a side-effect import), which would bundle the core: `import type`.
      '@typescript-eslint/no-import-type-side-effects': 'error',
      'no-restricted-globals': [
        'error',
        ...['process', 'Buffer', 'require', 'module', '__dirname', '__filename', 'global'].map(
          (name) => ({ name, message: 'renderer/ runs in a browser, not in Node.' }),
        ),
      ],
    },
  },
  {
    // One zustand store per domain, none reading another: a screen combines them.
    files: ['renderer/stores/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: RENDERER_IMPORTS.paths,
          patterns: [
            ...RENDERER_IMPORTS.patterns,
            {
              regex: '-store(\\.js)?$',
              message: 'A store never imports another store: combine them where they are used.',
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
