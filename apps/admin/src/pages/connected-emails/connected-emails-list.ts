/** One page of the list as the gateway returned it, remembered under the cursor it was asked with. */
export interface ListPage<N extends { id: string }> {
  after: string | null;
  nodes: N[];
  hasNextPage: boolean;
  endCursor: string | null;
  totalCount: number;
}

/** Adds a page ("Load more"), or replaces the page asked with the same cursor (a refetch). */
export function upsertPage<N extends { id: string }>(
  pages: readonly ListPage<N>[],
  page: ListPage<N>,
): ListPage<N>[] {
  const index = pages.findIndex((p) => p.after === page.after);
  if (index === -1) return [...pages, page];
  return pages.map((p, i) => (i === index ? page : p));
}

/** Every loaded connection once, in order (a connection added meanwhile can push one onto two pages). */
export function listedNodes<N extends { id: string }>(pages: readonly ListPage<N>[]): N[] {
  const seen = new Set<string>();
  const nodes: N[] = [];
  for (const page of pages) {
    for (const node of page.nodes) {
      if (seen.has(node.id)) continue;
      seen.add(node.id);
      nodes.push(node);
    }
  }
  return nodes;
}

/** Where "Load more" continues: the last page's end, or null when everything is loaded. */
export function nextCursor(pages: readonly ListPage<{ id: string }>[]): string | null {
  const last = pages.at(-1);
  return last?.hasNextPage && last.endCursor ? last.endCursor : null;
}

/**
 * Whether a pushed connection that is not on screen should be: it matches the filters and sorts
 * into the loaded part of the list (newest first: created no earlier than the oldest row shown,
 * or everything is loaded). Otherwise it is on a page not loaded yet, or filtered out.
 */
export function belongsOnScreen(
  pushed: { createdAt: string },
  matches: boolean,
  listed: readonly { createdAt: string }[],
  everythingLoaded: boolean,
): boolean {
  if (!matches) return false;
  if (everythingLoaded) return true;
  const oldest = listed.at(-1);
  return !oldest || Date.parse(pushed.createdAt) >= Date.parse(oldest.createdAt);
}
