import type { QueryResolvers } from '../../../../__generated__/resolvers-types.js';
import { requireWorkspaceAdmin } from '../../../identity/guards.js';
import { findDomainSettings } from '../../../../mail/domain-hosts.js';

export const domainSettings: NonNullable<QueryResolvers['domainSettings']> = async (
  _parent,
  { domain },
  ctx,
) => {
  requireWorkspaceAdmin(ctx);
  return (await findDomainSettings(ctx.db, domain)) ?? null;
};
