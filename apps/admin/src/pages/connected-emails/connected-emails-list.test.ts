import { describe, expect, it } from 'vitest';
import {
  belongsOnScreen,
  listedNodes,
  nextCursor,
  upsertPage,
  type ListPage,
} from './connected-emails-list';

const page = (
  after: string | null,
  ids: string[],
  hasNextPage: boolean,
): ListPage<{ id: string }> => ({
  after,
  nodes: ids.map((id) => ({ id })),
  hasNextPage,
  endCursor: ids.at(-1) ?? null,
  totalCount: 5,
});

describe('Connected emails list', () => {
  it('appends "Load more" pages and replaces a refetched one in place', () => {
    let pages = upsertPage([], page(null, ['a', 'b'], true));
    pages = upsertPage(pages, page('b', ['c', 'd'], true));
    expect(listedNodes(pages).map((n) => n.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(nextCursor(pages)).toBe('d');
    pages = upsertPage(pages, page(null, ['new', 'a'], true));
    expect(pages).toHaveLength(2);
    expect(listedNodes(pages).map((n) => n.id)).toEqual(['new', 'a', 'c', 'd']);
    pages = upsertPage(pages, page('d', ['e'], false));
    expect(nextCursor(pages)).toBeNull();
    expect(nextCursor([])).toBeNull();
  });

  it('shows each connection once even when it moved onto the next page', () => {
    expect(
      listedNodes([page(null, ['x', 'a'], true), page('b', ['a', 'c'], false)]).map((n) => n.id),
    ).toEqual(['x', 'a', 'c']);
  });

  it('tells a pushed connection that belongs on screen from one on an unloaded page', () => {
    const listed = [{ createdAt: '2025-03-03T00:00:00Z' }, { createdAt: '2025-03-02T00:00:00Z' }];
    expect(belongsOnScreen({ createdAt: '2025-03-04T00:00:00Z' }, true, listed, false)).toBe(true);
    expect(belongsOnScreen({ createdAt: '2025-03-01T00:00:00Z' }, true, listed, false)).toBe(false);
    expect(belongsOnScreen({ createdAt: '2025-03-01T00:00:00Z' }, true, listed, true)).toBe(true);
    expect(belongsOnScreen({ createdAt: '2025-03-04T00:00:00Z' }, false, listed, true)).toBe(false);
    expect(belongsOnScreen({ createdAt: '2025-03-01T00:00:00Z' }, true, [], false)).toBe(true);
  });
});
