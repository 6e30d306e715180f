import type { Resolvers } from '../../__generated__/resolvers-types.js';
import { serverInfo } from './resolvers/Query/serverInfo.js';

export const baseResolvers: Resolvers = { Query: { serverInfo } };
