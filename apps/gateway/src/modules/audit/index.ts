import type { Resolvers } from '../../__generated__/resolvers-types.js';
import { auditLog } from './resolvers/Query/auditLog.js';

export const auditResolvers: Resolvers = {
  Query: { auditLog },
  AuditEntry: {
    actor: async (row, _args, ctx) =>
      row.actor_user_id
        ? ((await ctx.db
            .selectFrom('users')
            .selectAll()
            .where('id', '=', row.actor_user_id)
            .executeTakeFirst()) ?? null)
        : null,
    targetType: (row) => row.target_type,
    targetId: (row) => row.target_id,
    before: (row) => row.before_json,
    after: (row) => row.after_json,
    count: (row) => row.repeat_count,
    lastAt: (row) => row.last_at,
  },
};
