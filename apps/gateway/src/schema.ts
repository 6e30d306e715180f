import { makeExecutableSchema } from '@graphql-tools/schema';
import { loadTypeDefs } from '@inlet/schema';
import type { GraphQLSchema } from 'graphql';
import { auditResolvers } from './modules/audit/index.js';
import { connectionResolvers } from './modules/connection/index.js';
import { baseResolvers } from './modules/base/index.js';
import { domainSettingsResolvers } from './modules/domain-settings/index.js';
import { identityResolvers } from './modules/identity/index.js';
import { ipAllowlistResolvers } from './modules/ip-allowlist/index.js';
import { sendResolvers } from './modules/send/index.js';
import { syncResolvers } from './modules/sync/index.js';
import { oauthResolvers } from './modules/oauth/index.js';
import { webhookResolvers } from './modules/webhooks/index.js';
import { sequenceResolvers } from './modules/sequences/index.js';

/** One schema object, shared by Apollo (HTTP) and graphql-ws. */
export function buildSchema(): GraphQLSchema {
  return makeExecutableSchema({
    typeDefs: loadTypeDefs(),
    resolvers: [
      baseResolvers,
      identityResolvers,
      domainSettingsResolvers,
      ipAllowlistResolvers,
      auditResolvers,
      connectionResolvers,
      syncResolvers,
      sendResolvers,
      oauthResolvers,
      webhookResolvers,
      sequenceResolvers,
    ],
    // Unions resolve from the __typename every resolver must return (enforced by the generated types).
    resolverValidationOptions: { requireResolversToMatchSchema: 'error' },
  });
}
