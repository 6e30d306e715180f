import type { CombinedError } from '@urql/core';
import { useMemo, useRef, useState } from 'react';

/** A page of a Relay connection, as far as "Load more" needs it. */
export interface RelayPage<TNode> {
  edges: readonly { node: TNode }[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

export interface LoadMore<TNode> {
  /** The first page's nodes, then every page loaded since, each node once. */
  nodes: TNode[];
  hasNextPage: boolean;
  loadingMore: boolean;
  /** Why the last "Load more" failed, until the next one. */
  error: CombinedError | null;
  loadMore(): Promise<void>;
  /** The first node of the page "Load more" brought last (focus goes there), or null. */
  firstLoadedId: string | null;
}

const noPages: readonly never[] = [];

interface Loaded<TNode> {
  key: string;
  pages: readonly RelayPage<TNode>[];
  firstLoadedId: string | null;
}

/**
 * "Load more" for a Relay connection whose first page comes from useQuery. Further pages are fetched
 * with `fetchPage(after)` and kept until `key` (for example the search text) changes; the first page
 * stays live (refetches replace it), and a node seen twice is listed once.
 */
export function useLoadMore<TNode extends { id: string }>(
  key: string,
  firstPage: RelayPage<TNode> | undefined,
  fetchPage: (after: string) => Promise<{ data?: RelayPage<TNode> | null; error?: CombinedError }>,
): LoadMore<TNode> {
  const [loaded, setLoaded] = useState<Loaded<TNode>>({ key, pages: [], firstLoadedId: null });
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<{ key: string; error: CombinedError } | null>(null);
  const inFlight = useRef(false);

  const current: Loaded<TNode> =
    loaded.key === key ? loaded : { key, pages: noPages, firstLoadedId: null };
  const last = current.pages.at(-1) ?? firstPage;
  const endCursor = last?.pageInfo.hasNextPage ? (last.pageInfo.endCursor ?? null) : null;

  const nodes = useMemo(() => {
    const seen = new Set<string>();
    const all: TNode[] = [];
    for (const page of [firstPage, ...current.pages]) {
      for (const { node } of page?.edges ?? []) {
        if (seen.has(node.id)) continue;
        seen.add(node.id);
        all.push(node);
      }
    }
    return all;
  }, [firstPage, current.pages]);

  const loadMore = async () => {
    if (inFlight.current || !endCursor) return;
    inFlight.current = true;
    setLoadingMore(true);
    setError(null);
    try {
      const result = await fetchPage(endCursor);
      const page = result.data;
      if (page) {
        setLoaded((previous) => {
          const base = previous.key === key ? previous.pages : [];
          return { key, pages: [...base, page], firstLoadedId: page.edges[0]?.node.id ?? null };
        });
      } else if (result.error) {
        setError({ key, error: result.error });
      }
    } finally {
      inFlight.current = false;
      setLoadingMore(false);
    }
  };

  return {
    nodes,
    hasNextPage: Boolean(endCursor),
    loadingMore,
    error: error?.key === key ? error.error : null,
    loadMore,
    firstLoadedId: current.firstLoadedId,
  };
}
