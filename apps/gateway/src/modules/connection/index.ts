import type { Resolvers } from '../../__generated__/resolvers-types.js';
import { Connection } from './resolvers/Connection.js';
import { ProviderInfo } from './resolvers/ProviderInfo.js';
import { connectExchange } from './resolvers/Mutation/connectExchange.js';
import { connectImap } from './resolvers/Mutation/connectImap.js';
import { disconnect } from './resolvers/Mutation/disconnect.js';
import { reconnectExchange } from './resolvers/Mutation/reconnectExchange.js';
import { reconnectImap } from './resolvers/Mutation/reconnectImap.js';
import { detectProvider } from './resolvers/Query/detectProvider.js';
import { myConnections } from './resolvers/Query/myConnections.js';
import { providers } from './resolvers/Query/providers.js';
import { connectionCheck } from './resolvers/Subscription/connectionCheck.js';
import { verificationStepEnum } from './schema-enums.js';

export const connectionResolvers: Resolvers = {
  Query: { detectProvider, myConnections, providers },
  Mutation: { connectImap, connectExchange, reconnectImap, reconnectExchange, disconnect },
  Subscription: { connectionCheck },
  Connection,
  ProviderInfo,
  VerificationStep: verificationStepEnum,
};
