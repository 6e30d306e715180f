import type { QueryResolvers } from '../../../../__generated__/resolvers-types.js';
import { decodeCursor, pageSize, toConnection } from '../../../../pagination.js';
import { containsPattern, likes } from '../../../../db/like.js';
import { requireWorkspaceAdmin } from '../../../identity/guards.js';

export const domainSettingsList: NonNullable<QueryResolvers['domainSettingsList']> = async (
  _parent,
  args,
  ctx,
) => {
  requireWorkspaceAdmin(ctx);
  const first = pageSize(args.first);
  const after = decodeCursor(args.after);
  const search = args.search?.trim().toLowerCase();

  let base = ctx.db.selectFrom('domain_settings');
  if (search) base = base.where((eb) => likes(eb.ref('domain'), containsPattern(search)));
  let page = base
    .selectAll()
    .orderBy('domain')
    .limit(first + 1);
  if (after !== undefined) page = page.where('domain', '>', after);

  const [rows, { total }] = await Promise.all([
    page.execute(),
    base.select((eb) => eb.fn.countAll<string | number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return toConnection(rows, { limit: first, total, after: args.after }, (node) => node.domain);
};
