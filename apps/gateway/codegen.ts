import type { CodegenConfig } from '@graphql-codegen/cli';

const scalars = {
  DateTime: { input: 'string', output: 'string' },
  ID: { input: 'string', output: 'string' },
};

const config: CodegenConfig = {
  schema: '../../packages/schema/src/**/*.graphql',
  ignoreNoDocuments: true,
  emitLegacyCommonJSImports: false,
  generates: {
    // Resolver types: strict, mapped onto Kysely rows, union members must return __typename.
    'src/__generated__/resolvers-types.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        useTypeImports: true,
        contextType: '../context.js#GatewayContext',
        enumsAsTypes: true,
        maybeValue: 'T | null | undefined',
        optionalResolveType: true,
        resolversNonOptionalTypename: { unionMember: true, interfaceImplementingType: true },
        namingConvention: 'keep',
        immutableTypes: true,
        strictScalars: true,
        scalars,
        mappers: {
          User: '../db/tables/user.table.js#UserRow',
          ApiToken: '../db/tables/api-token.table.js#ApiTokenRow',
          Session: '../db/tables/user.table.js#SessionRow',
          DomainSettings: '../db/tables/domain-settings.table.js#DomainSettingsRow',
          AuditEntry: '../db/tables/audit-log.table.js#AuditLogRow',
          Connection: '../db/tables/connection.table.js#ConnectionRow',
          SyncedMessage: '../db/tables/sync.table.js#MessageRow',
          EmailActivity: '../db/tables/sync.table.js#EmailActivityRow',
          Contact: '../db/tables/sync.table.js#ContactRow',
          OutboxEmail: '../db/tables/outbox.table.js#OutboxRow',
          WebhookEndpoint: '../db/tables/webhook.table.js#WebhookEndpointRow',
          WebhookDelivery: '../db/tables/webhook.table.js#WebhookDeliveryRow',
          Sequence: '../db/tables/sequence.table.js#SequenceRow',
          SequenceStep: '../db/tables/sequence.table.js#SequenceStepRow',
          Enrollment: '../db/tables/sequence.table.js#EnrollmentRow',
          EnrollmentEvent: '../db/tables/sequence.table.js#EnrollmentEventRow',
          Viewer: '../modules/identity/viewer.js#ViewerModel',
          ProviderInfo: '@inlet/providers#AnyProviderModule',
          // One vocabulary: these enums are the providers' (and the gateway catalogue's) unions, so resolvers
          // return those values as they are. Mappers, not enumValues: an enumValues type from another file is
          // re-exported with `export { X }`, which verbatimModuleSyntax rejects. schema-enums.ts checks that
          // each SDL enum has exactly these values (VerificationStep: test-email <-> TEST_EMAIL, plus SAVE).
          ProviderKind: '@inlet/providers#ProviderKind as ProviderKindValue',
          ProviderErrorCode: '@inlet/providers#ProviderErrorCode as ProviderErrorCodeValue',
          ProviderAuthKind: '@inlet/providers#AuthKind',
          ProviderPushKind: '@inlet/providers#PushKind',
          VerificationStep: '../verification-steps.js#VerificationStepValue',
          ConnectRefusalCode: '../outcomes.js#ConnectRefusalCode as ConnectRefusalCodeValue',
        },
      },
    },
    // Typed documents for the integration tests, so test operations are type-checked too.
    'test/gql/': {
      documents: ['test/**/*.ts', '!test/gql/**'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { useTypeImports: true, strictScalars: true, scalars: { DateTime: 'string' } },
    },
  },
};
export default config;
