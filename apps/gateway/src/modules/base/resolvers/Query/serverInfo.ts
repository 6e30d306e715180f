import type { QueryResolvers } from '../../../../__generated__/resolvers-types.js';
import { countUsers } from '../../../identity/users.js';

export const INLET_VERSION = '0.1.0';

/** Public: the console reads it before sign-in to know whether a first admin must be created. */
export const serverInfo: NonNullable<QueryResolvers['serverInfo']> = async (
  _parent,
  _args,
  ctx,
) => ({
  version: INLET_VERSION,
  database: ctx.engine,
  needsFirstAdmin: (await countUsers(ctx.db)) === 0,
});
