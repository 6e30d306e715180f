import type { CodegenConfig } from '@graphql-codegen/cli';

// Merges every module's SDL into the one artifact the gateway and the console generate from.
const config: CodegenConfig = {
  schema: 'src/**/*.graphql',
  generates: {
    'generated/schema.graphql': {
      plugins: ['schema-ast'],
      config: { includeDirectives: true, sort: true },
    },
  },
};
export default config;
