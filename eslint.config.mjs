// The project's guardrails as code: promise handling, type-only imports, configuration read in one
// place, and the layer rules of docs/architecture.md. Formatting is Prettier's job (npm run format).
import graphqlPlugin from '@graphql-eslint/eslint-plugin';
import tseslint from 'typescript-eslint';

const TS = ['**/*.ts', '**/*.tsx'];

/** Import specifiers a folder may not use, with the layer rule each one enforces. */
function forbid(files, rules) {
  return {
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: rules.map(([group, message]) => ({ group, message })) },
      ],
    },
  };
}

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/generated/**',
      '**/__generated__/**',
      '**/src/gql/**',
      '**/test/gql/**',
      '**/test-artifacts/**',
      '**/.turbo/**',
      'data/**',
    ],
  },
  {
    files: TS,
    extends: [tseslint.configs.base],
    languageOptions: {
      parserOptions: {
        // The console's config files and browser tests have no tsconfig of their own that includes them.
        projectService: { allowDefaultProject: ['apps/admin/*.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // An async handler where a void callback is expected (event listeners, React props) is fine when it
      // handles its own errors; returning a promise to code that treats it as a boolean is not.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message:
            'Read configuration in src/env.ts (validated at start-up), not process.env here.',
        },
      ],
    },
  },
  {
    files: ['apps/admin/e2e/**'],
    languageOptions: {
      parserOptions: {
        projectService: false,
        project: ['apps/admin/tsconfig.e2e.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  {
    // Migrations see the schema as it was, not today's Database type: Kysely's documented Kysely<any>.
    files: [
      'apps/gateway/src/db/migrations/**',
      'apps/gateway/src/db/migrate.ts',
      'apps/gateway/bench/**',
    ],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Where the environment is read on purpose: the env module, and test, bench and build tooling.
    files: [
      'apps/gateway/src/env.ts',
      '**/test/**',
      '**/e2e/**',
      '**/bench/**',
      '**/*.test.ts',
      '**/*.config.ts',
      '**/codegen.ts',
      'packages/providers/src/testing/**',
    ],
    rules: { 'no-restricted-syntax': 'off' },
  },
  forbid(
    ['packages/providers/src/**'],
    [
      [
        ['@inlet/gateway', '@inlet/gateway/*', '@inlet/admin', '**/apps/**'],
        'Providers never import the apps: the gateway depends on providers, not the other way round.',
      ],
    ],
  ),
  forbid(
    ['packages/providers/src/**'],
    [
      [
        ['**/testing/**', '**/testing', '!**/testing/**/*.test.ts'],
        'Production code never imports test helpers (testing/ is for tests).',
      ],
    ],
  ),
  {
    // Test helpers and tests may use each other.
    files: ['packages/providers/src/testing/**', 'packages/providers/src/**/*.test.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  forbid(
    ['apps/gateway/src/engine/**'],
    [
      [
        ['**/modules/**', '**/server.js', '**/context.js'],
        'The engine imports no GraphQL module and no core wiring (modules -> engine -> mail).',
      ],
    ],
  ),
  forbid(
    ['apps/gateway/src/mail/**'],
    [
      [
        ['**/modules/**', '**/engine/**', '**/server.js', '**/context.js'],
        'mail/ sits under the modules and the engine: it imports neither.',
      ],
    ],
  ),
  forbid(
    ['apps/gateway/src/db/**', 'apps/gateway/src/vault/**'],
    [[['**/modules/**', '**/engine/**', '**/mail/**'], 'db/ and vault/ are the bottom layer.']],
  ),
  forbid(
    ['apps/admin/src/**'],
    [
      [
        [
          '@inlet/gateway',
          '@inlet/gateway/*',
          '@inlet/providers',
          '@inlet/providers/*',
          '**/apps/gateway/**',
          '**/packages/providers/**',
        ],
        'The console talks to the gateway over GraphQL only.',
      ],
    ],
  ),
  {
    files: ['packages/schema/src/**/*.graphql'],
    languageOptions: { parser: graphqlPlugin.parser },
    plugins: { '@graphql-eslint': graphqlPlugin },
    rules: {
      // Internal tools read the schema as documentation.
      '@graphql-eslint/require-description': [
        'error',
        {
          types: true,
          FieldDefinition: true,
          EnumValueDefinition: false,
          InputValueDefinition: false,
        },
      ],
      '@graphql-eslint/no-duplicate-fields': 'error',
      '@graphql-eslint/naming-convention': [
        'error',
        { types: 'PascalCase', FieldDefinition: 'camelCase', EnumValueDefinition: 'UPPER_CASE' },
      ],
    },
  },
  {
    // The console's GraphQL documents (graphql(`...`) calls), checked against the schema.
    files: ['apps/admin/src/**/*.tsx', 'apps/admin/src/**/*.ts'],
    processor: graphqlPlugin.processor,
  },
  {
    files: ['apps/admin/src/**/*.graphql'],
    languageOptions: {
      parser: graphqlPlugin.parser,
      // Absolute: lint runs from each package's folder.
      parserOptions: {
        graphQLConfig: {
          schema: `${import.meta.dirname}/packages/schema/generated/schema.graphql`,
          documents: `${import.meta.dirname}/apps/admin/src/**/*.{ts,tsx}`,
        },
      },
    },
    plugins: { '@graphql-eslint': graphqlPlugin },
    rules: {
      '@graphql-eslint/no-anonymous-operations': 'error',
      '@graphql-eslint/no-duplicate-fields': 'error',
      '@graphql-eslint/no-deprecated': 'error',
      '@graphql-eslint/unique-operation-name': 'error',
      '@graphql-eslint/unique-fragment-name': 'error',
    },
  },
);
