import type { CodegenConfig } from '@graphql-codegen/cli';
import { addTypenameSelectionDocumentTransform } from '@graphql-codegen/client-preset';

// Typed documents for the console, generated from the merged schema that packages/schema emits.
const config: CodegenConfig = {
  schema: '../../packages/schema/generated/schema.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**/*'],
  ignoreNoDocuments: true,
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: {
        fragmentMasking: { unmaskFunctionName: 'getFragmentData' },
      },
      config: {
        useTypeImports: true,
        enumsAsConst: true,
        strictScalars: true,
        scalars: { DateTime: 'string' },
      },
      // urql's document cache invalidates by __typename.
      documentTransforms: [addTypenameSelectionDocumentTransform],
    },
  },
};
export default config;
