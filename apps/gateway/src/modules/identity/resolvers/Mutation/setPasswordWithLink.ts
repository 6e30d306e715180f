import type { MutationResolvers } from '../../../../__generated__/resolvers-types.js';
import { setPasswordWithLink as useLink } from '../../password-links.js';

/** Public by design: the link's secret is the credential. */
export const setPasswordWithLink: NonNullable<MutationResolvers['setPasswordWithLink']> = (
  _parent,
  { secret, password },
  ctx,
) => useLink(ctx, secret, password);
