import type { QueryResolvers } from '../../../../__generated__/resolvers-types.js';
import { gatewayError } from '../../../../errors.js';
import { decodeKeyCursor, pageSize, toConnection } from '../../../../pagination.js';
import { requireWorkspaceAdmin } from '../../../identity/guards.js';

function isoTime(value: string, name: string): string {
  const time = new Date(value);
  if (Number.isNaN(time.getTime()))
    throw gatewayError(
      'BAD_USER_INPUT',
      `\`${name}\` must be a date and time, such as 2026-12-01T00:00:00Z.`,
    );
  return time.toISOString();
}

/** Newest first; the cursor is `at|id` (an entry's `at` never changes, repeats only count on it). */
export const auditLog: NonNullable<QueryResolvers['auditLog']> = async (_parent, args, ctx) => {
  requireWorkspaceAdmin(ctx);
  const limit = pageSize(args.first);
  let base = ctx.db.selectFrom('audit_log');
  if (args.targetType) base = base.where('target_type', '=', args.targetType);
  if (args.targetId) base = base.where('target_id', '=', args.targetId);
  if (args.action) base = base.where('action', '=', args.action);
  if (args.actorId) base = base.where('actor_user_id', '=', args.actorId);
  // Stored times are ISO strings in UTC, so they compare as text once normalised the same way.
  if (args.since) base = base.where('at', '>=', isoTime(args.since, 'since'));
  if (args.until) base = base.where('at', '<', isoTime(args.until, 'until'));
  let page = base
    .selectAll()
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1);
  const cursor = decodeKeyCursor(args.after);
  if (cursor) page = page.where((eb) => eb(eb.refTuple('at', 'id'), '<', eb.tuple(...cursor)));
  const [rows, { total }] = await Promise.all([
    page.execute(),
    base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return toConnection(rows, { limit, total, after: args.after }, (node) => `${node.at}|${node.id}`);
};
