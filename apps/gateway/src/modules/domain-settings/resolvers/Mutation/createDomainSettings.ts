import type { MutationResolvers } from '../../../../__generated__/resolvers-types.js';
import { requireWorkspaceAdmin } from '../../../identity/guards.js';
import { createDomainSettings as create } from '../../domain-settings.service.js';

export const createDomainSettings: NonNullable<MutationResolvers['createDomainSettings']> = (
  _parent,
  { input },
  ctx,
) => create(ctx, requireWorkspaceAdmin(ctx), input);
