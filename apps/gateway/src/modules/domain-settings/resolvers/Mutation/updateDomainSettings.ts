import type { MutationResolvers } from '../../../../__generated__/resolvers-types.js';
import { requireWorkspaceAdmin } from '../../../identity/guards.js';
import { updateDomainSettings as update } from '../../domain-settings.service.js';

export const updateDomainSettings: NonNullable<MutationResolvers['updateDomainSettings']> = (
  _parent,
  { id, input },
  ctx,
) => update(ctx, requireWorkspaceAdmin(ctx), id, input);
