import type { MutationResolvers } from '../../../../__generated__/resolvers-types.js';
import { requireWorkspaceAdmin } from '../../guards.js';
import { createPasswordLink as makeLink } from '../../password-links.js';

export const createPasswordLink: NonNullable<MutationResolvers['createPasswordLink']> = (
  _parent,
  { userId },
  ctx,
) => makeLink(ctx, requireWorkspaceAdmin(ctx), userId);
