import type { MutationResolvers } from '../../../../__generated__/resolvers-types.js';
import { requireViewer } from '../../../identity/guards.js';
import { connectImap as connect } from '../../connect-imap.service.js';

export const connectImap: NonNullable<MutationResolvers['connectImap']> = (
  _parent,
  { input },
  ctx,
) => connect(ctx, requireViewer(ctx), input);
