import type { SubscriptionResolvers } from '../../../../__generated__/resolvers-types.js';
import type { EmailActivityRow } from '../../../../db/tables/sync.table.js';
import { requireViewer } from '../../../identity/guards.js';
import { canManageWorkspace } from '../../../identity/viewer.js';

export const activityLogged: NonNullable<SubscriptionResolvers['activityLogged']> = {
  subscribe: async function* (_parent, _args, ctx) {
    const viewer = requireViewer(ctx);
    const all = canManageWorkspace(viewer);
    for await (const event of ctx.pubsub.subscribe('activityLogged')) {
      if (all || event.userId === viewer.user.id) yield event.activity;
    }
  },
  resolve: (activity: EmailActivityRow) => activity,
};
