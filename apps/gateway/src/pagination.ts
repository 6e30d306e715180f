import { gatewayError } from './errors.js';

export const MAX_PAGE_SIZE = 200;

export function pageSize(first: number | null | undefined): number {
  const n = first ?? 50;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE) {
    throw gatewayError('BAD_USER_INPUT', `first must be between 1 and ${MAX_PAGE_SIZE}.`);
  }
  return n;
}

/** Cursors are opaque to clients: base64url of the sort key. */
export function encodeCursor(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined): string | undefined {
  return cursor ? Buffer.from(cursor, 'base64url').toString('utf8') : undefined;
}

/** A `time|id` keyset cursor split into its two parts, or undefined on the first page. */
export function decodeKeyCursor(cursor: string | null | undefined): [string, string] | undefined {
  const key = decodeCursor(cursor);
  if (key === undefined) return undefined;
  const [time = '', id = ''] = key.split('|');
  return [time, id];
}

export interface Connection<N> {
  edges: { cursor: string; node: N }[];
  totalCount: number;
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
}

/**
 * The connection for a page read with `limit + 1` rows (the extra row only tells that a next page
 * exists); `keyOf` is the sort key a node's cursor encodes.
 */
export function toConnection<N>(
  rows: readonly N[],
  page: { limit: number; total: number | string | bigint; after: string | null | undefined },
  keyOf: (node: N) => string,
): Connection<N> {
  const edges = rows
    .slice(0, page.limit)
    .map((node) => ({ cursor: encodeCursor(keyOf(node)), node }));
  return {
    edges,
    totalCount: Number(page.total),
    pageInfo: {
      hasNextPage: rows.length > page.limit,
      hasPreviousPage: Boolean(page.after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
