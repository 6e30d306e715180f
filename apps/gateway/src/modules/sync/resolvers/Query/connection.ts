import type { QueryResolvers } from '../../../../__generated__/resolvers-types.js';
import { findVisibleConnection } from '../../connection-access.js';

export const connection: NonNullable<QueryResolvers['connection']> = async (_parent, { id }, ctx) =>
  (await findVisibleConnection(ctx, id)) ?? null;
