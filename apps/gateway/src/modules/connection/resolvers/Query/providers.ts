import type { QueryResolvers } from '../../../../__generated__/resolvers-types.js';
import { requireViewer } from '../../../identity/guards.js';

/** Every kind in the registry, in its order; ProviderInfo reads the module's capabilities. */
export const providers: NonNullable<QueryResolvers['providers']> = (_parent, _args, ctx) => {
  requireViewer(ctx);
  return Object.values(ctx.providers);
};
