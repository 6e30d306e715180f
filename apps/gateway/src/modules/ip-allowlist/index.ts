import type { Resolvers } from '../../__generated__/resolvers-types.js';
import { ipAllowlist } from './resolvers/Query/ipAllowlist.js';

export const ipAllowlistResolvers: Resolvers = { Query: { ipAllowlist } };
