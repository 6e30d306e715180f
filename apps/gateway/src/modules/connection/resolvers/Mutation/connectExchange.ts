import type { MutationResolvers } from '../../../../__generated__/resolvers-types.js';
import { requireViewer } from '../../../identity/guards.js';
import { connectExchange as connect } from '../../connect-exchange.service.js';

export const connectExchange: NonNullable<MutationResolvers['connectExchange']> = (
  _parent,
  { input },
  ctx,
) => connect(ctx, requireViewer(ctx), input);
