import type { MutationResolvers } from '../../../../__generated__/resolvers-types.js';
import { requireWorkspaceAdmin } from '../../../identity/guards.js';
import { testDomainSettings as test } from '../../test-domain-settings.js';

export const testDomainSettings: NonNullable<MutationResolvers['testDomainSettings']> = (
  _parent,
  { input },
  ctx,
) => test(ctx, requireWorkspaceAdmin(ctx), input);
