import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

/** The boundaries: libs never import an app, the shared library never imports the plugin, and the plugin's layers point one way. */
const HOST = { group: ['**/apps/**', '@picsweb/bksb-sandbox', '@picsweb/bksb-sandbox/*'], message: 'libs/ never import from apps/: the host gives the plugin what it needs through the ports in libs/common.' };
/** A library's own specs may start the bundled bksb sandbox, and nothing else of apps/. */
const HOST_IN_SPECS = { ...HOST, group: ['**/apps/**'] };
const PLUGIN = { group: ['@picsweb/bksb-integration', '@picsweb/bksb-integration/*', '**/bksb-integration/**'], message: 'libs/common is shared by every plugin and never imports one.' };
const layer = (name, below) => ({
  group: ['client', 'entities', 'rules', 'labels', 'services', 'sync', 'views', 'bulk', 'controllers', 'dto', 'pages', 'work'].filter((folder) => !below.includes(folder)).map((folder) => `../${folder}/*`),
  message: `The plugin's ${name} import only the domain's value types${below.length ? ` and ${below.join(', ')}` : ''}: the layers point one way.`,
});
const boundaries = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', '*.js', '*.mjs'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'Pages render text through preact, which escapes it. Raw HTML is how script gets into a page.',
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through AppConfig, validated once at start-up.' },
      ],
    },
  },
  { files: ['libs/**/*.{ts,tsx}'], rules: boundaries(HOST) },
  { files: ['libs/common/**/*.{ts,tsx}'], rules: boundaries(HOST, PLUGIN) },
  { files: ['libs/bksb-integration/src/domain/**/*.ts'], rules: boundaries(HOST, layer('domain types', [])) },
  { files: ['libs/bksb-integration/src/{client,entities}/**/*.ts'], rules: boundaries(HOST, layer('client and entities', [])) },
  { files: ['libs/bksb-integration/src/rules/**/*.ts'], rules: boundaries(HOST, layer('rules', ['client'])) },
  // Below the services: the words shown to people; then services, the sync that uses them, the read models that show runs, and bulk jobs.
  { files: ['libs/bksb-integration/src/dto/**/*.ts'], rules: boundaries(HOST, layer('request bodies', ['entities', 'rules', 'dto'])) },
  { files: ['libs/bksb-integration/src/labels/**/*.ts'], rules: boundaries(HOST, layer('labels', ['entities', 'rules'])) },
  { files: ['libs/bksb-integration/src/{services,work}/**/*.ts'], rules: boundaries(HOST, layer('services', ['client', 'entities', 'rules', 'labels', 'dto', 'services', 'work'])) },
  { files: ['libs/bksb-integration/src/sync/**/*.ts'], rules: boundaries(HOST, layer('sync', ['client', 'entities', 'rules', 'labels', 'dto', 'services', 'sync', 'work'])) },
  { files: ['libs/bksb-integration/src/views/**/*.ts'], rules: boundaries(HOST, layer('read models', ['client', 'entities', 'rules', 'labels', 'dto', 'services', 'sync', 'views', 'work'])) },
  { files: ['libs/bksb-integration/src/bulk/**/*.ts'], rules: boundaries(HOST, layer('bulk jobs', ['client', 'entities', 'rules', 'labels', 'dto', 'services', 'sync', 'views', 'bulk', 'work'])) },
  { files: ['libs/bksb-integration/src/client/**/*.spec.ts'], rules: boundaries(HOST_IN_SPECS, layer('client and entities', [])) },
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts', 'apps/picsweb/src/main.ts', 'apps/picsweb/src/cli.ts', 'apps/bksb-sandbox/src/main.ts', 'apps/bksb-sandbox/src/bench.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
