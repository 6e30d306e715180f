import type { SubscriptionResolvers } from '../../../../__generated__/resolvers-types.js';
import type { EmailActivityRow } from '../../../../db/tables/sync.table.js';
import { mapStream } from '../../../../event-stream.js';
import { requireViewer } from '../../../identity/guards.js';
import { mayReadActivityOf } from '../../../send/timeline-access.js';

export const activityLogged: NonNullable<SubscriptionResolvers['activityLogged']> = {
  subscribe: (_parent, _args, ctx) => {
    const viewer = requireViewer(ctx);
    return mapStream(
      ctx.pubsub.subscribe('activityLogged', {
        filter: (event) => mayReadActivityOf(viewer, event.userId),
      }),
      (event) => event.activity,
    );
  },
  resolve: (activity: EmailActivityRow) => activity,
};
