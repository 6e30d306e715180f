import type { QueryResolvers } from '../../../../__generated__/resolvers-types.js';
import { pageSize } from '../../../../pagination.js';
import { requireWorkspaceAdmin } from '../../../identity/guards.js';

export const auditLog: NonNullable<QueryResolvers['auditLog']> = async (_parent, args, ctx) => {
  requireWorkspaceAdmin(ctx);
  let query = ctx.db.selectFrom('audit_log').selectAll().orderBy('at', 'desc').orderBy('id').limit(pageSize(args.first));
  if (args.targetType) query = query.where('target_type', '=', args.targetType);
  if (args.targetId) query = query.where('target_id', '=', args.targetId);
  return query.execute();
};
