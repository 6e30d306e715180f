import type { MutationResolvers } from '../../../../__generated__/resolvers-types.js';
import { requireWorkspaceAdmin } from '../../../identity/guards.js';
import { deleteDomainSettings as remove } from '../../domain-settings.service.js';

export const deleteDomainSettings: NonNullable<MutationResolvers['deleteDomainSettings']> = (
  _parent,
  { id },
  ctx,
) => remove(ctx, requireWorkspaceAdmin(ctx), id);
