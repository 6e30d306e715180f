import type { Resolvers } from '../../../__generated__/resolvers-types.js';
import { requireViewer } from '../../identity/guards.js';
import { visibleEnrollments } from '../sequence-access.js';

const LIVE = ['ACTIVE', 'PAUSED'] as const;

export const sequenceTypes: Pick<
  Resolvers,
  'Sequence' | 'SequenceStep' | 'Enrollment' | 'EnrollmentEvent' | 'Contact'
> = {
  Sequence: {
    owner: (row, _args, ctx) => ctx.loaders.user.load(row.owner_user_id),
    shared: (row) => row.shared === 1,
    settings: (row) => ({
      timeZone: row.time_zone,
      windowStartMinute: row.window_start_minute,
      windowEndMinute: row.window_end_minute,
      businessDaysOnly: row.business_days_only === 1,
      stopOnAutoReply: row.stop_on_auto_reply === 1,
      connectionId: row.connection_id,
    }),
    steps: (row, _args, ctx) =>
      ctx.db
        .selectFrom('sequence_steps')
        .selectAll()
        .where('sequence_id', '=', row.id)
        .orderBy('position')
        .execute(),
    figures: async (row, _args, ctx) => {
      const counts = await ctx.db
        .selectFrom('enrollments')
        .select((eb) => ['status', eb.fn.countAll<string | number>().as('n')])
        .where('sequence_id', '=', row.id)
        .groupBy('status')
        .execute();
      const of = (...statuses: string[]) =>
        counts.filter((c) => statuses.includes(c.status)).reduce((n, c) => n + Number(c.n), 0);
      const enrolled = of(
        'ACTIVE',
        'PAUSED',
        'COMPLETED',
        'REPLIED',
        'BOUNCED',
        'UNENROLLED',
        'FAILED',
      );
      const replied = of('REPLIED');
      return {
        enrolled,
        active: of(...LIVE),
        replied,
        replyRate: enrolled === 0 ? 0 : replied / enrolled,
        bounced: of('BOUNCED'),
      };
    },
    enrollments: async (row, { first }, ctx) => {
      const viewer = requireViewer(ctx);
      const limit = Math.min(Math.max(first ?? 50, 1), 500);
      return visibleEnrollments(ctx.db, viewer)
        .selectAll('enrollments')
        .where('enrollments.sequence_id', '=', row.id)
        .orderBy('enrollments.created_at', 'desc')
        .limit(limit)
        .execute();
    },
    createdAt: (row) => row.created_at,
    updatedAt: (row) => row.updated_at,
  },
  SequenceStep: {
    delayAmount: (row) => row.delay_amount,
    delayUnit: (row) => row.delay_unit,
    replyInThread: (row) => row.reply_in_thread === 1,
  },
  Enrollment: {
    sequence: (row, _args, ctx) =>
      ctx.db
        .selectFrom('sequences')
        .selectAll()
        .where('id', '=', row.sequence_id)
        .executeTakeFirstOrThrow(),
    contact: (row, _args, ctx) =>
      ctx.db
        .selectFrom('contacts')
        .selectAll()
        .where('id', '=', row.contact_id)
        .executeTakeFirstOrThrow(),
    pauseReason: (row) => row.pause_reason,
    pauseDetail: (row) => row.pause_detail,
    nextStep: async (row, _args, ctx) =>
      row.status === 'ACTIVE' || row.status === 'PAUSED'
        ? ((await ctx.db
            .selectFrom('sequence_steps')
            .selectAll()
            .where('sequence_id', '=', row.sequence_id)
            .where('position', '=', row.next_position)
            .executeTakeFirst()) ?? null)
        : null,
    nextRunAt: (row) => row.next_run_at,
    lastSentAt: (row) => row.last_sent_at,
    connectionId: (row) => row.connection_id,
    timeline: (row, _args, ctx) =>
      ctx.db
        .selectFrom('enrollment_events')
        .selectAll()
        .where('enrollment_id', '=', row.id)
        .orderBy('id')
        .execute(),
    createdAt: (row) => row.created_at,
    endedAt: (row) => row.ended_at,
  },
  EnrollmentEvent: {
    messageId: (row) => row.message_id,
  },
  Contact: {
    company: (row) => row.company,
    enrollments: (row, _args, ctx) =>
      visibleEnrollments(ctx.db, requireViewer(ctx))
        .selectAll('enrollments')
        .where('enrollments.contact_id', '=', row.id)
        .orderBy('enrollments.created_at', 'desc')
        .limit(50)
        .execute(),
  },
};
