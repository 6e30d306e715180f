import type { SubscriptionResolvers } from '../../../../__generated__/resolvers-types.js';
import type { EmailActivityRow } from '../../../../db/tables/sync.table.js';
import { mapStream } from '../../../../event-stream.js';
import { requireViewer } from '../../../identity/guards.js';
import { canManageWorkspace } from '../../../identity/viewer.js';

export const activityLogged: NonNullable<SubscriptionResolvers['activityLogged']> = {
  subscribe: (_parent, _args, ctx) => {
    const viewer = requireViewer(ctx);
    const all = canManageWorkspace(viewer);
    return mapStream(ctx.pubsub.subscribe('activityLogged', { filter: (event) => all || event.userId === viewer.user.id }), (event) => event.activity);
  },
  resolve: (activity: EmailActivityRow) => activity,
};
