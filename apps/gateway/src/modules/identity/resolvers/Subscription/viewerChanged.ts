import type { SubscriptionResolvers } from '../../../../__generated__/resolvers-types.js';
import { mapStream } from '../../../../event-stream.js';
import { requireViewer } from '../../guards.js';
import type { ViewerModel } from '../../viewer.js';

/**
 * The viewer now (replayed first, so a client that reconnects after "Access changed" learns its new
 * access at once), then on every change to their name, role or seat. Each event re-reads the user; a
 * deactivated user's sockets are closed, so the stream never shows one.
 */
export const viewerChanged: NonNullable<SubscriptionResolvers['viewerChanged']> = {
  subscribe: (_parent, _args, ctx) => {
    const viewer = requireViewer(ctx);
    const userId = viewer.user.id;
    const events = ctx.pubsub.subscribe('viewerChanged', {
      filter: (event) => event.userId === userId,
      replay: [{ userId }],
    });
    return mapStream(events, async (): Promise<ViewerModel | undefined> => {
      const user = await ctx.db
        .selectFrom('users')
        .selectAll()
        .where('id', '=', userId)
        .where('deactivated_at', 'is', null)
        .executeTakeFirst();
      return user ? { ...viewer, user } : undefined;
    });
  },
  resolve: (viewer: ViewerModel) => viewer,
};
