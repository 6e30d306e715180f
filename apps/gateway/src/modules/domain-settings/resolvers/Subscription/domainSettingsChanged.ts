import type {
  DomainSettingsEvent,
  SubscriptionResolvers,
} from '../../../../__generated__/resolvers-types.js';
import { requireWorkspaceAdmin } from '../../../identity/guards.js';

export const domainSettingsChanged: NonNullable<SubscriptionResolvers['domainSettingsChanged']> = {
  subscribe: (_parent, _args, ctx) => {
    requireWorkspaceAdmin(ctx);
    return ctx.pubsub.subscribe('domainSettingsChanged');
  },
  resolve: (event: DomainSettingsEvent) => event,
};
