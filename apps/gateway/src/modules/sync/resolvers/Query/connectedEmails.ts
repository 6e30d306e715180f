import type {
  QueryconnectedEmailsArgs,
  QueryResolvers,
} from '../../../../__generated__/resolvers-types.js';
import { decodeCursor, encodeCursor, pageSize } from '../../../../pagination.js';
import { containsPattern, likes } from '../../../../db/like.js';
import type { ConnectionRow } from '../../../../db/tables/connection.table.js';
import { requireWorkspaceAdmin } from '../../../identity/guards.js';
import { connectionCounts } from '../../connection-counts.js';
import {
  connectionListColumns,
  type ConnectionListColumns,
} from '../../connection-list-columns.js';
import { compiledOnceBinding } from '../../../../db/compiled-once.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../../../db/schema.js';
import type { UserRow } from '../../../../db/tables/user.table.js';
import { prefetchOwner } from '../../../connection/prefetched-owner.js';

/**
 * Newest first; the cursor is `created_at|id` so equal timestamps still page exactly. Served by the
 * indexes (created_at, id) and (status, created_at, id): a page reads one page of index entries, the
 * count of a status filter reads only the index. Every connection has its user (a not-null foreign
 * key), so the list needs no join; the search by owner address asks `users` in a subquery.
 */
export const connectedEmails: NonNullable<QueryResolvers['connectedEmails']> = async (
  _parent,
  { filter, first, after },
  ctx,
  info,
) => {
  requireWorkspaceAdmin(ctx);
  const limit = pageSize(first);
  const domain = filter?.domain?.trim().toLowerCase();
  const columns = connectionListColumns(info);
  const cursor = decodeCursor(after);
  // Built and compiled once per filter, page size and columns: every page of it, first or after any
  // cursor, runs the same SQL with the cursor's values bound.
  const [createdAt = '', id = ''] = cursor ? cursor.split('|') : [];
  const statement = compiledOnceBinding(
    ctx.db,
    JSON.stringify([filter, Boolean(cursor), limit, columns]),
    (slot) =>
      pageQuery(
        ctx.db,
        filtered(ctx.db, filter, domain),
        Boolean(cursor) && [slot('createdAt'), slot('id')],
        limit,
        columns,
      ).compile(),
    { createdAt, id },
  );
  // The count of a filter is kept until a connection is added, removed or changes a filtered column
  // (connection-counts.ts); a search also matches owners' addresses, which the version does not follow.
  const countKey = filter?.search
    ? undefined
    : JSON.stringify([filter?.status, filter?.provider, filter?.userId, domain]);
  const count = () =>
    filtered(ctx.db, filter, domain)
      .select((eb) => [
        eb.fn.countAll<number>().as('total'),
        listVersion(ctx.db).as('list_version'),
      ])
      .executeTakeFirstOrThrow();
  const [{ rows }, counted] = await Promise.all([
    ctx.db.executeQuery(statement),
    countKey === undefined ? count() : undefined,
  ]);
  let total = counted?.total;
  if (countKey !== undefined) {
    const version = rows[0]?.list_version;
    total = connectionCounts.get(
      ctx.config.databaseUrl,
      countKey,
      version === undefined ? undefined : Number(version),
    );
    if (total === undefined) {
      const fresh = await count();
      total = fresh.total;
      connectionCounts.set(
        ctx.config.databaseUrl,
        countKey,
        Number(fresh.list_version),
        Number(total),
      );
    }
  }
  const ownerAliases = columns.owner && aliasesOf(columns.owner);
  const edges = rows.slice(0, limit).map((row: ConnectionRow) => {
    if (ownerAliases) withOwner(row, ownerAliases);
    return new Edge(row);
  });
  return {
    edges,
    totalCount: Number(total),
    pageInfo: {
      hasNextPage: rows.length > limit,
      hasPreviousPage: Boolean(cursor),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
};

type Filter = QueryconnectedEmailsArgs['filter'];
type UserColumn = keyof UserRow;

/** The connections a filter selects (no columns yet). */
function filtered(db: Kysely<Database>, filter: Filter, domain: string | undefined) {
  let base = db.selectFrom('connections');
  if (filter?.status?.length) base = base.where('connections.status', 'in', [...filter.status]);
  if (filter?.provider?.length)
    base = base.where('connections.provider', 'in', [...filter.provider]);
  if (filter?.userId) base = base.where('connections.user_id', '=', filter.userId);
  if (domain)
    base = base.where((eb) =>
      likes(eb.ref('connections.email'), containsPattern(`@${domain}`, { anchorEnd: true })),
    );
  if (filter?.search) {
    const term = containsPattern(filter.search.trim().toLowerCase());
    base = base.where((eb) =>
      eb.or([
        likes(eb.ref('connections.email'), term),
        eb(
          'connections.user_id',
          'in',
          eb
            .selectFrom('users')
            .select('users.id')
            .where((u) => likes(u.ref('users.email'), term)),
        ),
      ]),
    );
  }
  return base;
}

/** The version the list's counts are kept at, read in the same statement as a page or a count. */
function listVersion(db: Kysely<Database>) {
  return db.selectFrom('connection_list_version').select('version').where('id', '=', 1);
}

/** One page (and one row more) after the cursor, with its owners when asked for. */
function pageQuery(
  db: Kysely<Database>,
  base: ReturnType<typeof filtered>,
  /** The page's position (created_at, id), or false on the first page. */
  after: readonly [string, string] | false,
  limit: number,
  columns: ConnectionListColumns,
) {
  const selected =
    columns.connection === 'all'
      ? base.selectAll('connections')
      : // The fields asked for read only these columns (connection-list-columns.ts).
        (base.select(
          columns.connection.map((c) => `connections.${c}` as const),
        ) as unknown as ReturnType<typeof base.selectAll<'connections'>>);
  // The owners come in the same query when asked for (Connection.owner reads them from there).
  let page = (
    columns.owner
      ? (selected
          .innerJoin('users as owner', 'owner.id', 'connections.user_id')
          .select(
            aliasesOf(columns.owner).map(([c, alias]) => `owner.${c} as ${alias}` as const),
          ) as unknown as typeof selected)
      : selected
  )
    .orderBy('connections.created_at', 'desc')
    .orderBy('connections.id', 'desc')
    .limit(limit + 1);
  if (after) {
    const [createdAt, id] = after;
    // (created_at, id) < (a, b): created_at < a, or created_at = a and id < b; an index range on both engines.
    page = page.where((eb) =>
      eb(eb.refTuple('connections.created_at', 'connections.id'), '<', eb.tuple(createdAt, id)),
    );
  }
  return page.select(listVersion(db).as('list_version'));
}

type Aliases = (readonly [UserColumn, `owner__${UserColumn}`])[];
const ALIASES = new WeakMap<readonly UserColumn[], Aliases>();

/** `owner__<column>`: the owner's columns as the page's row carries them (worked out once per operation). */
function aliasesOf(columns: readonly UserColumn[]): Aliases {
  let aliases = ALIASES.get(columns);
  if (!aliases) ALIASES.set(columns, (aliases = columns.map((c) => [c, `owner__${c}`] as const)));
  return aliases;
}

/** An edge of the page; its cursor is encoded only when asked for (the console asks only the page's end). */
class Edge {
  constructor(readonly node: ConnectionRow) {}
  get cursor(): string {
    return encodeCursor(`${this.node.created_at}|${this.node.id}`);
  }
}

/** Records the owner columns (`owner__*`) of a joined row for Connection.owner; the row stays the node. */
function withOwner(row: ConnectionRow, aliases: Aliases): void {
  const joined = row as unknown as Record<string, unknown>;
  const owner: Record<string, unknown> = {};
  for (const [column, alias] of aliases) owner[column] = joined[alias];
  prefetchOwner(row, owner as unknown as UserRow);
}
