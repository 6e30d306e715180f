import type { SubscriptionResolvers } from '../../../__generated__/resolvers-types.js';
import type { EnrollmentRow } from '../../../db/tables/sequence.table.js';
import { mapStream } from '../../../event-stream.js';
import { requireViewer } from '../../identity/guards.js';
import { mayReadEnrollmentOf } from '../sequence-access.js';

/** Who may follow which enrollments is decided at subscribe time; each event re-reads the current row. */
export const enrollmentChanged: NonNullable<SubscriptionResolvers['enrollmentChanged']> = {
  subscribe: (_parent, { sequenceId }, ctx) => {
    const viewer = requireViewer(ctx);
    const stream = ctx.pubsub.subscribe('enrollmentChanged', {
      filter: (event) =>
        (!sequenceId || event.sequenceId === sequenceId) && mayReadEnrollmentOf(viewer, event),
    });
    return mapStream(stream, (event) =>
      ctx.db
        .selectFrom('enrollments')
        .selectAll()
        .where('id', '=', event.enrollmentId)
        .executeTakeFirstOrThrow(),
    );
  },
  resolve: (row: EnrollmentRow) => row,
};
