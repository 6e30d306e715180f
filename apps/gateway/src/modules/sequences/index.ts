import type { Resolvers } from '../../__generated__/resolvers-types.js';
import { enrollmentChanged } from './resolvers/enrollmentChanged.js';
import { sequenceMutations } from './resolvers/mutations.js';
import { sequenceQueries } from './resolvers/queries.js';
import { sequenceTypes } from './resolvers/types.js';

export const sequenceResolvers: Resolvers = {
  Query: sequenceQueries,
  Mutation: sequenceMutations,
  Subscription: { enrollmentChanged },
  ...sequenceTypes,
};
